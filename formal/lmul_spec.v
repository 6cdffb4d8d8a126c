// Reference specification of the L-Mul unit, written from the README's "The L-Mul unit:
// specification" (steps 1-8), independently of hdl/ and golden/. Behavioural: every quantity is
// computed exactly in a wide signed integer, and each step of the spec is one assignment.
//
// Parameters: E exponent bits, M mantissa bits, FN = 1 for the `fn` special-value policy,
// PAPER_OFFSET = 1 for the paper's offset 2**(M - l(M)), else OFFSET (mantissa LSBs, >= 0),
// OVERFLOW_INF = 1 for overflow="inf".
module lmul_spec #(
    parameter integer E = 4,
    parameter integer M = 3,
    parameter integer FN = 1,
    parameter integer PAPER_OFFSET = 1,
    parameter [63:0] OFFSET = 0,
    parameter integer OVERFLOW_INF = 0
) (
    input  [E+M:0] a,
    input  [E+M:0] b,
    output reg [E+M:0] p
);
`include "format_codes.vh"
`include "operand_codes.vh"
    localparam integer L = M <= 3 ? M : (M == 4 ? 3 : 4);
    // Any offset of 2**(W+1) or more makes every product of normals overflow (the magnitude sum
    // is at least 2 * 2**M and (BIAS << M) < 2**(W-1)), so clamping it there changes nothing.
    localparam [63:0] WIDE_OFFSET = PAPER_OFFSET ? (64'd1 << (M - L))
                                  : (OFFSET > (64'd1 << (W + 1)) ? (64'd1 << (W + 1)) : OFFSET);

    wire sign = a[W] ^ b[W];                                         // step 1
    wire zero_a = exp_a == 0, zero_b = exp_b == 0;                   // step 2: subnormals are 0

    // step 5: T = |a| + |b| - (bias << M) + offset, exactly.
    wire signed [67:0] t = $signed({4'b0, 64'(a[W-1:0])}) + $signed({4'b0, 64'(b[W-1:0])})
                         - $signed(68'(BIAS) <<< M) + $signed(68'(WIDE_OFFSET));

    always @* begin
        if (nan_a || nan_b || (inf_a && zero_b) || (inf_b && zero_a))           // step 3
            p = NAN_CODE;
        else if (inf_a || inf_b)                                                // step 4
            p = {sign, INF_MAG};
        else if (zero_a || zero_b)
            p = {sign, {W{1'b0}}};
        else if (t < $signed(68'(1) <<< M))                                     // step 6
            p = {sign, {W{1'b0}}};
        else if (t > $signed(68'(MAX_FINITE)))                                  // step 7
            p = {sign, OVERFLOW_INF ? INF_MAG : MAX_FINITE};
        else                                                                    // step 8
            p = {sign, t[W-1:0]};
    end
endmodule
