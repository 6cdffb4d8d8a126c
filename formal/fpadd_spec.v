// Reference specification of the floating-point adder FPAdd, written from the README's "The
// floating-point adder" and the golden model's docstring, independently of hdl/ and of the
// golden model's code. Behavioural and exact: the operands ordered by value, the larger one's
// significand is shifted left by the exponent distance (clamped at M + 3, see below) and the
// smaller one's added or subtracted, in 2M + 5 bits with no guard or sticky bits, so that the
// sum is exact; it is normalised by its leading one and rounded to the quantum of the result.
// The wire `shift` (the clamped distance) is kept so that a proof can split on it.
//
// Parameters: E exponent bits, M mantissa bits, FN = 1 for the `fn` special-value policy,
// FLUSH = 1 for subnormals="flush", SATURATE = 1 for overflow="saturate", TRUNCATE = 1 for
// rounding="truncate" (else to nearest, ties to even).
module fpadd_spec #(
    parameter integer E = 5,
    parameter integer M = 10,
    parameter integer FN = 0,
    parameter integer FLUSH = 0,
    parameter integer SATURATE = 0,
    parameter integer TRUNCATE = 0
) (
    input  [E+M:0] a,
    input  [E+M:0] b,
    output reg [E+M:0] s
);
    localparam integer W = E + M;                  // magnitude bits
    localparam integer XW = 2 * M + 5;             // the exact sum's bits
    localparam [E-1:0] EXP_ONES = {E{1'b1}};
    localparam [M-1:0] MAN_ONES = {M{1'b1}};
    localparam [W-1:0] MAX_FINITE = FN ? {EXP_ONES, MAN_ONES} - 1 : {EXP_ONES - 1'b1, MAN_ONES};
    localparam [W-1:0] INF_MAG = {EXP_ONES, {M{1'b0}}};
    localparam [W:0] NAN_CODE = FN ? {1'b0, EXP_ONES, MAN_ONES}
                                   : {1'b0, EXP_ONES, 1'b1, {(M - 1){1'b0}}};

    wire sign_a = a[W], sign_b = b[W];
    wire [E-1:0] exp_a = a[W-1:M], exp_b = b[W-1:M];
    wire [M-1:0] man_a = a[M-1:0], man_b = b[M-1:0];
    wire nan_a = FN ? a[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_a == EXP_ONES && man_a != 0);
    wire nan_b = FN ? b[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_b == EXP_ONES && man_b != 0);
    wire inf_a = !FN && exp_a == EXP_ONES && man_a == 0;
    wire inf_b = !FN && exp_b == EXP_ONES && man_b == 0;

    // A finite operand is sig * 2**(e - 1) smallest subnormals: its significand, hidden bit
    // included, and its exponent field e, a subnormal reading as exponent 1 without the hidden
    // bit (and as zero when flushing).
    wire [M:0] sig_a = exp_a == 0 ? (FLUSH ? 0 : man_a) : {1'b1, man_a};
    wire [M:0] sig_b = exp_b == 0 ? (FLUSH ? 0 : man_b) : {1'b1, man_b};
    wire [E-1:0] e_a = exp_a == 0 ? 1 : exp_a, e_b = exp_b == 0 ? 1 : exp_b;
    // The operand of larger value first (of equal values, a).
    wire a_first = {e_a, sig_a} >= {e_b, sig_b};
    wire sign_big = a_first ? sign_a : sign_b;
    wire [M:0] sig_big = a_first ? sig_a : sig_b, sig_small = a_first ? sig_b : sig_a;
    wire [E-1:0] e_big = a_first ? e_a : e_b;
    wire [E-1:0] distance = a_first ? e_a - e_b : e_b - e_a;
    // The sum in units of the smaller operand's LSB, 2**(e_big - shift - 1) smallest
    // subnormals: exact while the distance is at most M + 3. Beyond, the smaller operand is
    // below a quarter of the larger one's LSB, and so is it at distance M + 3; then only its
    // sign and whether it is zero decide the rounded sum (to either side of the larger operand
    // it falls short of the round bit's half of the result's LSB, and it makes the sum
    // inexact), so the distance is clamped there.
    (* keep *) wire [E-1:0] shift = distance > M + 3 ? M + 3 : distance;
    wire [2*M+4:0] wide_big = {{(M + 4){1'b0}}, sig_big} << shift;
    wire [2*M+4:0] wide_small = {{(M + 4){1'b0}}, sig_small};
    wire subtract = sign_a != sign_b;
    wire [2*M+4:0] mag = subtract ? wide_big - wide_small : wide_big + wide_small;
    wire signed [15:0] unit = e_big - shift - 1;    // position of mag's LSB
    // The sign of a non-zero sum is that of the larger operand; an exact zero is -0 only for
    // -0 + -0 (with flushing, for two negative subnormals or zeros too).
    wire sign = mag == 0 ? sign_a & sign_b : sign_big;
    integer i;
    reg signed [15:0] top;          // position of the sum's leading one
    reg signed [15:0] quantum;      // position of the result's LSB in mag
    reg signed [15:0] lsb;          // its absolute position, in smallest subnormals
    reg [XW-1:0] kept;              // sum scaled to the quantum, truncated
    reg [XW-1:0] below;             // sum bits below the rounding bit, at the top
    reg round_bit, sticky, round_up;
    reg [XW-1:0] sig_out;
    reg signed [XW+15:0] code;      // result magnitude code before range checks

    always @* begin
        top = 0;
        for (i = 0; i < XW; i = i + 1)
            if (mag[i]) top = i;
        // The result's LSB relative to mag's: normal results have M bits after the leading one;
        // gradual underflow keeps the quantum at that of the subnormals, absolute position 0
        // (flush: the exponent is unbounded below, and a sum below the smallest normal is
        // exact, since every input is a multiple of it).
        quantum = top - M;
        if (!FLUSH && quantum < -unit)
            quantum = -unit;
        below = 0;
        if (quantum <= 0) begin
            kept = mag << -quantum;
            round_bit = 0;
            sticky = 0;
        end else begin
            kept = mag >> quantum;
            round_bit = mag[quantum - 1];
            below = mag << (XW + 1 - quantum);
            sticky = below != 0;
        end
        round_up = !TRUNCATE && round_bit && (sticky || kept[0]);
        sig_out = kept + round_up;
        // A normal result's exponent field is lsb + 1: adding the significand, hidden bit
        // included, to lsb << M gives its code, carries a rounded-up significand into the
        // exponent and makes a subnormal that rounds up the smallest normal.
        lsb = quantum + unit;
        code = ($signed({{16{lsb[15]}}, lsb}) <<< M) + $signed({16'd0, sig_out});

        if (nan_a || nan_b || (inf_a && inf_b && sign_a != sign_b))
            s = NAN_CODE;
        else if (inf_a)
            s = {sign_a, INF_MAG};
        else if (inf_b)
            s = {sign_b, INF_MAG};
        else if (mag == 0)
            s = {sign, {W{1'b0}}};
        else if (FLUSH && code < $signed({2'b01, {M{1'b0}}}))
            s = {sign, {W{1'b0}}};
        else if (code > $signed({1'b0, MAX_FINITE})) begin
            if (SATURATE || TRUNCATE)
                s = {sign, MAX_FINITE};
            else if (FN)
                s = NAN_CODE;
            else
                s = {sign, INF_MAG};
        end else
            s = {sign, code[W-1:0]};
    end
endmodule
