// The reference specifications' one rounder, written from the README's rounding rules: a finite
// non-zero exact magnitude, x * 2**unit smallest subnormals (2**(1 - BIAS - M) each), is
// normalised by its leading one, the quantum of the result chosen, the magnitude rounded to it
// with a round and a sticky bit, and the code range-checked.
//
// Parameters: those of the references (E, M, FN, FLUSH, SATURATE, TRUNCATE) and XW, the bits
// of x.
module round_spec #(
    parameter integer E = 5,
    parameter integer M = 10,
    parameter integer FN = 0,
    parameter integer FLUSH = 0,
    parameter integer SATURATE = 0,
    parameter integer TRUNCATE = 0,
    parameter integer XW = 22
) (
    input  [XW-1:0] x,              // not zero
    input  signed [15:0] unit,      // position of x's LSB, in smallest subnormals
    input  sign,
    output reg [E+M:0] code         // the result's code
);
`include "format_codes.vh"

    integer i;
    reg signed [15:0] top;          // position of x's leading one in x
    reg signed [15:0] quantum;      // position of the result's LSB, in smallest subnormals
    reg signed [15:0] drop;         // bits of x below the result's LSB
    reg [XW-1:0] kept;              // x scaled to the quantum, truncated
    reg [XW-1:0] below;             // x's bits below the rounding bit, at the top
    reg round_bit, sticky, round_up;
    reg [XW:0] sig_out;
    reg signed [63:0] lsb;          // the quantum, widened
    reg signed [63:0] mag;          // result magnitude code before range checks

    always @* begin
        top = 0;
        below = 0;
        for (i = 0; i < XW; i = i + 1)
            if (x[i]) top = i;
        // Normal results have M bits after the leading one; gradual underflow keeps the quantum
        // at that of the subnormals, position 0 (flush: the exponent is unbounded below, and a
        // result below the smallest normal is flushed).
        quantum = top + unit - M;
        if (!FLUSH && quantum < 0)
            quantum = 0;
        drop = quantum - unit;
        if (drop <= 0) begin
            kept = x << -drop;
            round_bit = 0;
            sticky = 0;
        end else if (drop > XW) begin
            kept = 0;
            round_bit = 0;
            sticky = x != 0;
        end else begin
            kept = x >> drop;
            round_bit = x[drop - 1];
            below = x << (XW + 1 - drop);
            sticky = below != 0;
        end
        round_up = !TRUNCATE && round_bit && (sticky || kept[0]);
        sig_out = kept + round_up;
        // A normal result's exponent field is quantum + 1: adding the significand, hidden bit
        // included, to quantum << M gives its code, carries a rounded-up significand into the
        // exponent and makes a subnormal that rounds up the smallest normal.
        lsb = quantum;
        mag = (lsb <<< M) + $signed({1'b0, sig_out});

        if (FLUSH && mag < $signed(64'd1 << M))
            code = {sign, {W{1'b0}}};
        else if (mag > $signed({1'b0, MAX_FINITE})) begin
            if (SATURATE || TRUNCATE)
                code = {sign, MAX_FINITE};
            else if (FN)
                code = NAN_CODE;
            else
                code = {sign, INF_MAG};
        end else
            code = {sign, mag[W-1:0]};
    end
endmodule
