// The operands' fields and special values, shared by the reference specifications: each
// includes this inside its module after format_codes.vh and its inputs a, b.
    wire [E-1:0] exp_a = a[W-1:M], exp_b = b[W-1:M];
    wire [M-1:0] man_a = a[M-1:0], man_b = b[M-1:0];
    wire nan_a = FN ? a[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_a == EXP_ONES && man_a != 0);
    wire nan_b = FN ? b[W-1:0] == {EXP_ONES, MAN_ONES} : (exp_b == EXP_ONES && man_b != 0);
    wire inf_a = !FN && exp_a == EXP_ONES && man_a == 0;
    wire inf_b = !FN && exp_b == EXP_ONES && man_b == 0;
