// The format's constants, shared by the reference specifications and their rounder: each
// includes this inside its module, after its parameters E, M and FN (lmul.formal.spec expands
// the include).
    localparam integer W = E + M;                  // magnitude bits
    localparam integer BIAS = (1 << (E - 1)) - 1;
    localparam [E-1:0] EXP_ONES = {E{1'b1}};
    localparam [M-1:0] MAN_ONES = {M{1'b1}};
    // Largest finite magnitude: exponent all ones less one with mantissa all ones (ieee), or
    // exponent and mantissa all ones less one (fn, whose all-ones code is NaN).
    localparam [W-1:0] MAX_FINITE = FN ? {EXP_ONES, MAN_ONES} - 1 : {EXP_ONES - 1'b1, MAN_ONES};
    localparam [W-1:0] INF_MAG = {EXP_ONES, {M{1'b0}}};
    // The canonical NaN: sign 0, and the all-ones magnitude (fn) or the quiet NaN (ieee).
    localparam [W:0] NAN_CODE = FN ? {1'b0, EXP_ONES, MAN_ONES}
                                   : {1'b0, EXP_ONES, 1'b1, {(M - 1){1'b0}}};
