// Reference specification of the conventional multiplier FPMul, written from the README's "The
// conventional multiplier (baseline)", independently of hdl/ and golden/. Behavioural: the exact
// significand product is normalised by its leading one, the quantum of the result chosen, and
// the product rounded to it in wide integers.
//
// Parameters: E exponent bits, M mantissa bits, FN = 1 for the `fn` special-value policy,
// FLUSH = 1 for subnormals="flush", SATURATE = 1 for overflow="saturate", TRUNCATE = 1 for
// rounding="truncate" (else to nearest, ties to even).
module fpmul_spec #(
    parameter integer E = 5,
    parameter integer M = 10,
    parameter integer FN = 0,
    parameter integer FLUSH = 0,
    parameter integer SATURATE = 0,
    parameter integer TRUNCATE = 0
) (
    input  [E+M:0] a,
    input  [E+M:0] b,
    output reg [E+M:0] p
);
    localparam integer W = E + M;                  // magnitude bits
    localparam integer BIAS = (1 << (E - 1)) - 1;
    localparam integer PW = 2 * M + 2;             // significand product bits
    localparam [E-1:0] EXP_ONES = {E{1'b1}};
    localparam [M-1:0] MAN_ONES = {M{1'b1}};
    localparam [W-1:0] MAX_FINITE = FN ? {EXP_ONES, MAN_ONES} - 1 : {EXP_ONES - 1'b1, MAN_ONES};
    localparam [W-1:0] INF_MAG = {EXP_ONES, {M{1'b0}}};
    localparam [W:0] NAN_CODE = FN ? {1'b0, EXP_ONES, MAN_ONES}
                                   : {1'b0, EXP_ONES, 1'b1, {(M - 1){1'b0}}};

    wire sign = a[W] ^ b[W];
    wire [E-1:0] exp_a = a[W-1:M], exp_b = b[W-1:M];
    wire [M-1:0] man_a = a[M-1:0], man_b = b[M-1:0];
    wire nan_a = FN ? a[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_a == EXP_ONES && man_a != 0);
    wire nan_b = FN ? b[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_b == EXP_ONES && man_b != 0);
    wire inf_a = !FN && exp_a == EXP_ONES && man_a == 0;
    wire inf_b = !FN && exp_b == EXP_ONES && man_b == 0;
    wire zero_a = exp_a == 0 && (FLUSH || man_a == 0);
    wire zero_b = exp_b == 0 && (FLUSH || man_b == 0);

    // Value of a finite non-zero operand: sig * 2**(e - BIAS - M), a subnormal reading as
    // exponent 1 without the hidden bit (with FLUSH every such operand is normal).
    wire [M:0] sig_a = {FLUSH || exp_a != 0, man_a}, sig_b = {FLUSH || exp_b != 0, man_b};
    wire signed [15:0] e_a = exp_a == 0 ? 1 : exp_a, e_b = exp_b == 0 ? 1 : exp_b;
    wire [PW-1:0] product = sig_a * sig_b;
    // The exact product is product * 2**scale.
    wire signed [15:0] scale = e_a + e_b - 2 * BIAS - 2 * M;

    integer i;
    reg signed [15:0] top;          // position of the product's leading one
    reg signed [15:0] quantum;      // exponent of the result's LSB
    reg signed [15:0] drop;         // product bits below the result's LSB
    reg [PW+M+1:0] kept;            // product scaled to the quantum, truncated
    reg [PW-1:0] below;             // product bits below the rounding bit, at the top
    reg round_bit, sticky, round_up;
    reg [PW+M+1:0] sig_out;
    reg signed [63:0] exp_code;     // code of 2**(quantum + M) less its hidden bit
    reg signed [63:0] mag;          // result magnitude code before range checks

    always @* begin
        top = 0;
        below = 0;
        for (i = 0; i < PW; i = i + 1)
            if (product[i]) top = i;
        // Normal results have M bits after the leading one; gradual underflow fixes the
        // quantum at that of the subnormals (flush: the exponent is unbounded).
        quantum = top + scale - M;
        if (!FLUSH && quantum < 1 - BIAS - M)
            quantum = 1 - BIAS - M;
        drop = quantum - scale;
        if (drop <= 0) begin
            kept = product << -drop;
            round_bit = 0;
            sticky = 0;
        end else if (drop > PW) begin
            kept = 0;
            round_bit = 0;
            sticky = product != 0;
        end else begin
            kept = product >> drop;
            round_bit = product[drop - 1];
            below = product << (PW + 1 - drop);
            sticky = below != 0;
        end
        round_up = !TRUNCATE && round_bit && (sticky || kept[0]);
        sig_out = kept + round_up;
        // Adding the significand, hidden bit included, to the code of 2**(quantum + M) less its
        // hidden bit carries a rounded-up significand into the exponent.
        exp_code = quantum + M + BIAS - 1;
        mag = (exp_code <<< M) + $signed({1'b0, sig_out});

        if (nan_a || nan_b || (inf_a && zero_b) || (inf_b && zero_a))
            p = NAN_CODE;
        else if (inf_a || inf_b)
            p = {sign, INF_MAG};
        else if (zero_a || zero_b)
            p = {sign, {W{1'b0}}};
        else if (FLUSH && mag < $signed(64'd1 << M))
            p = {sign, {W{1'b0}}};
        else if (mag > $signed({1'b0, MAX_FINITE})) begin
            if (SATURATE || TRUNCATE)
                p = {sign, MAX_FINITE};
            else if (FN)
                p = NAN_CODE;
            else
                p = {sign, INF_MAG};
        end else
            p = {sign, mag[W-1:0]};
    end
endmodule
