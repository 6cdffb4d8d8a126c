// Reference specification of the conventional multiplier FPMul, written from the README's "The
// conventional multiplier (baseline)", independently of hdl/ and golden/. Behavioural: the exact
// significand product, rounded by round_spec.v (normalised by its leading one, the quantum of
// the result chosen, and the product rounded to it in wide integers).
//
// Parameters: E exponent bits, M mantissa bits, FN = 1 for the `fn` special-value policy,
// FLUSH = 1 for subnormals="flush", SATURATE = 1 for overflow="saturate", TRUNCATE = 1 for
// rounding="truncate" (else to nearest, ties to even).
`include "round_spec.v"

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
`include "format_codes.vh"
`include "operand_codes.vh"
    localparam integer PW = 2 * M + 2;             // significand product bits

    wire sign = a[W] ^ b[W];
    wire zero_a = exp_a == 0 && (FLUSH || man_a == 0);
    wire zero_b = exp_b == 0 && (FLUSH || man_b == 0);

    // Value of a finite non-zero operand: sig * 2**(e - BIAS - M), a subnormal reading as
    // exponent 1 without the hidden bit (with FLUSH every such operand is normal).
    wire [M:0] sig_a = {FLUSH || exp_a != 0, man_a}, sig_b = {FLUSH || exp_b != 0, man_b};
    wire signed [15:0] e_a = exp_a == 0 ? 1 : exp_a, e_b = exp_b == 0 ? 1 : exp_b;
    wire [PW-1:0] product = sig_a * sig_b;
    // The exact product is product * 2**unit smallest subnormals, 2**(1 - BIAS - M) each.
    wire signed [15:0] unit = e_a + e_b - BIAS - M - 1;
    wire [W:0] rounded;
    round_spec #(.E(E), .M(M), .FN(FN), .FLUSH(FLUSH), .SATURATE(SATURATE), .TRUNCATE(TRUNCATE),
                 .XW(PW)) rounder (.x(product), .unit(unit), .sign(sign), .code(rounded));

    always @* begin
        if (nan_a || nan_b || (inf_a && zero_b) || (inf_b && zero_a))
            p = NAN_CODE;
        else if (inf_a || inf_b)
            p = {sign, INF_MAG};
        else if (zero_a || zero_b)
            p = {sign, {W{1'b0}}};
        else
            p = rounded;
    end
endmodule
