// Sweep harness for a Verilated unit array (see lmul/sim/sweep.py, which fills in the
// macros and compiles this file with Verilator).
//
// Usage: harness A_FIRST A_COUNT
// For every a in [A_FIRST, A_FIRST + A_COUNT) and every b in [0, 2**WIDTH), in that order (a
// major, b minor), writes the unit's product code to standard output as a little-endian
// CODE_T. Each evaluation of the model checks LANES pairs: every lane gets the same a and
// consecutive b codes. A pipelined unit (STAGES > 0) gets a new batch every clock cycle and
// its products are written in operand order, STAGES - 1 steps later.
//
// Macros: TOP_CLASS (Verilated class), TOP_HEADER, WIDTH (code bits), CODE_T (uint8_t or
// uint16_t, the lane stride), LANES, STAGES.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "verilated.h"
#include TOP_HEADER

static void copy_lanes(void *port, const CODE_T *codes) {
    std::memcpy(port, codes, LANES * sizeof(CODE_T));
}

int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s A_FIRST A_COUNT\n", argv[0]);
        return 2;
    }
    const uint64_t codes = uint64_t(1) << WIDTH;
    const uint64_t a_first = std::strtoull(argv[1], nullptr, 0);
    const uint64_t a_count = std::strtoull(argv[2], nullptr, 0);
    if (a_first + a_count > codes || codes % LANES != 0) {
        std::fprintf(stderr, "operand range out of bounds\n");
        return 2;
    }

    const std::unique_ptr<VerilatedContext> context{new VerilatedContext};
    const std::unique_ptr<TOP_CLASS> top{new TOP_CLASS{context.get()}};

    std::vector<CODE_T> all_b(codes);
    for (uint64_t code = 0; code < codes; ++code) all_b[code] = CODE_T(code);
    std::vector<CODE_T> same_a(LANES);
    const uint64_t steps_per_a = codes / LANES;
    const uint64_t steps = a_count * steps_per_a;
    // One a code's products per write: small enough to stream, large enough to be cheap.
    std::vector<CODE_T> out(codes);
    std::setvbuf(stdout, nullptr, _IOFBF, 1 << 20);

#if STAGES > 0
    top->rst = 0;
    top->clk = 0;
    top->eval();
#endif
    for (uint64_t step = 0; step < steps + (STAGES > 0 ? STAGES - 1 : 0); ++step) {
        if (step < steps) {
            const uint64_t a = a_first + step / steps_per_a;
            if (step % steps_per_a == 0) {
                for (auto &code : same_a) code = CODE_T(a);
                copy_lanes(&top->a, same_a.data());
            }
            copy_lanes(&top->b, &all_b[(step % steps_per_a) * LANES]);
        }
#if STAGES > 0
        top->clk = 1;
        top->eval();
        top->clk = 0;
        top->eval();
        if (step + 1 < STAGES) continue;
        const uint64_t done = step + 1 - STAGES;
#else
        top->eval();
        const uint64_t done = step;
#endif
        copy_lanes(&out[(done % steps_per_a) * LANES], reinterpret_cast<const CODE_T *>(&top->p));
        if (done % steps_per_a == steps_per_a - 1) {
            if (std::fwrite(out.data(), sizeof(CODE_T), codes, stdout) != codes) return 1;
        }
    }
    top->final();
    return std::fflush(stdout) == 0 ? 0 : 1;
}
