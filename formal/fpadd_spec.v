// Reference specification of the floating-point adder FPAdd, written from the README's "The
// floating-point adder" and the golden model's docstring, independently of hdl/ and of the
// golden model's code. Behavioural and exact: the operands ordered by value, the larger one's
// significand is shifted left by the exponent distance (clamped at M + 3, see below) and the
// smaller one's added or subtracted, in 2M + 5 bits with no guard or sticky bits, so that the
// sum is exact; round_spec.v rounds it. The wire `shift` (the clamped distance) is kept so that
// a proof can split on it.
//
// Parameters: E exponent bits, M mantissa bits, FN = 1 for the `fn` special-value policy,
// FLUSH = 1 for subnormals="flush", SATURATE = 1 for overflow="saturate", TRUNCATE = 1 for
// rounding="truncate" (else to nearest, ties to even).
`include "round_spec.v"

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
`include "format_codes.vh"
`include "operand_codes.vh"
    localparam integer XW = 2 * M + 5;             // the exact sum's bits

    wire sign_a = a[W], sign_b = b[W];

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
    // subnormals: exact while the distance is at most M + 3. Beyond, the smaller operand
    // (below 2**(M+1) units) is less than a quarter of the larger one's LSB (2**distance units),
    // as it is at distance M + 3, and then only its sign and whether it is zero decide the
    // rounded sum: added, it leaves the round bit 0 and sets the sticky bit; subtracted, it
    // borrows through the larger significand's zeros and leaves the round and sticky bits 1 (the
    // result's LSB being the larger one's, or half of it when the borrow takes the leading one).
    // So the distance is clamped there.
    (* keep *) wire [E-1:0] shift = distance > M + 3 ? M + 3 : distance;
    wire [XW-1:0] wide_big = {{(XW - M - 1){1'b0}}, sig_big} << shift;
    wire [XW-1:0] wide_small = {{(XW - M - 1){1'b0}}, sig_small};
    wire subtract = sign_a != sign_b;
    wire [XW-1:0] mag = subtract ? wide_big - wide_small : wide_big + wide_small;
    wire signed [15:0] unit = e_big - shift - 1;    // position of mag's LSB
    // The sign of a non-zero sum is that of the larger operand; an exact zero is -0 only for
    // -0 + -0 (with flushing, for two negative subnormals or zeros too).
    wire sign = mag == 0 ? sign_a & sign_b : sign_big;
    wire [W:0] rounded;
    round_spec #(.E(E), .M(M), .FN(FN), .FLUSH(FLUSH), .SATURATE(SATURATE), .TRUNCATE(TRUNCATE),
                 .XW(XW)) rounder (.x(mag), .unit(unit), .sign(sign), .code(rounded));

    always @* begin
        if (nan_a || nan_b || (inf_a && inf_b && sign_a != sign_b))
            s = NAN_CODE;
        else if (inf_a)
            s = {sign_a, INF_MAG};
        else if (inf_b)
            s = {sign_b, INF_MAG};
        else if (mag == 0)
            s = {sign, {W{1'b0}}};
        else
            s = rounded;
    end
endmodule
