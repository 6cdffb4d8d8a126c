"""The proof driver: a Yosys miter of a unit's generated Verilog and its reference, proved.

The design is converted exactly as ``lmul generate`` writes it and treated as a black box: only
its ports ``a``, ``b``, the result (``p``, the adder's ``s``) and ``clk``, ``rst`` are used.
Yosys's ``miter -equiv`` joins it with the reference of :mod:`lmul.formal.spec` into one circuit whose output ``trigger`` is 1
where they differ, and ``sat -prove trigger 0`` (MiniSat, inside the pinned Yosys) either proves
it 0 on every input or returns a model, decoded into a
:class:`~lmul.formal.counterexample.Counterexample`. Before SAT, equivalence-preserving
rewrites merge the design's and the reference's significand multipliers into one when they
multiply the same operands (:data:`_SHARE_PRODUCTS`): what is left to prove is everything else.

A proof may be split into cases (``split=True``) on a wire the reference keeps for that purpose
(:attr:`~lmul.formal.spec.Spec.split`; the adder's clamped exponent distance): one ``sat`` per
value the wire can take, each proving the miter with the wire set to it. The cases cover every
input, so together they prove the same statement; each is a smaller problem for SAT.

A pipelined unit (``stages = N >= 1``) is compared with the reference followed by N registers,
as a sequential problem of N + 1 cycles from an arbitrary initial state (every register free)
with ``rst`` low, the output checked in the last cycle. Since the start state is arbitrary, this
covers every cycle of every run from the N-th after the last reset on.
"""

import os
import tempfile
import time
from dataclasses import dataclass

from ..synth.yosys_flow import YosysError, run_yosys_script
from .counterexample import Counterexample, read_wavejson
from .spec import spec_for

__all__ = ["ProofResult", "prove"]

#: Largest offset passed to the reference: every larger one behaves the same (every product of
#: normal numbers overflows once the offset exceeds 2**(E+M+1)), and it fits its 64-bit
#: parameter.
_OFFSET_CEILING = 1 << 62


@dataclass(frozen=True)
class ProofResult:
    """Outcome of one proof.

    Members
    -------
    config : UnitConfig
        The unit proved.
    proved : bool
        Whether the design equals the reference on every input.
    seconds : float
        Wall-clock time of the proof (Yosys's run, conversion excluded).
    counterexample : Counterexample or None
        A differing input when not proved.
    """

    config: object
    proved: bool
    seconds: float
    counterexample: Counterexample | None = None


def prove(config, *, design=None, verilog=None, workdir=None, timeout=3600, split=False):
    """Prove that ``design`` (default: ``config.component()``, what ``lmul generate`` writes)
    equals the reference of ``config`` on every input.

    Parameters
    ----------
    config : UnitConfig
        The unit whose reference specification the design must equal.
    design : amaranth.lib.wiring.Component or None
        The design to prove, with the ports of ``config``'s unit; for tests of broken designs.
    verilog : (str, str) or None
        Instead of ``design``: the Verilog text of a design and the name of its module, with
        the same ports (for example a file ``lmul generate`` wrote).
    workdir : path or None
        Where the Verilog, the script and Yosys's log go (default: a temporary directory).
    timeout : float
        Seconds before the proof is abandoned.
    split : bool
        Prove case by case on the reference's split wire (combinational units whose reference
        has one: the adder).

    Returns
    -------
    ProofResult

    Raises
    ------
    YosysError
        If Yosys fails or runs longer than ``timeout``.
    ValueError
        If ``split`` is asked of a pipelined unit or of a reference without a split wire.
    """
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="lmul-prove-") as directory:
            return prove(config, design=design, verilog=verilog, workdir=directory,
                         timeout=timeout, split=split)
    spec = spec_for(config)
    cases = _cases(spec, config.stages) if split else [()]
    os.makedirs(workdir, exist_ok=True)
    if verilog is None:
        from amaranth.back.verilog import convert

        design = config.component() if design is None else design
        verilog = convert(design, name="design", emit_src=False), "design"
    text, module = verilog
    with open(os.path.join(workdir, "design.v"), "w") as file:
        file.write(text)
    with open(os.path.join(workdir, "spec.v"), "w") as file:
        file.write(spec.source)
        if config.stages:
            file.write(_delayed_reference(spec, config.format.width, config.stages))
    with open(os.path.join(workdir, "prove.ys"), "w") as file:
        file.write(_script(spec, config.stages, module, cases))
    cex_paths = [os.path.join(workdir, _counterexample_file(index))
                 for index in range(len(cases))]
    for path in cex_paths:
        if os.path.exists(path):
            os.remove(path)
    start = time.perf_counter()
    run_yosys_script("prove.ys", "prove.log", cwd=workdir, timeout=timeout)
    seconds = time.perf_counter() - start
    with open(os.path.join(workdir, "prove.log"), errors="replace") as file:
        log = file.read()
    if log.count("SAT proof finished - no model found: SUCCESS!") == len(cases):
        return ProofResult(config, True, seconds)
    found = [path for path in cex_paths if os.path.exists(path)]
    if not found:
        raise YosysError(f"Yosys gave neither a proof nor a counterexample "
                         f"(log: {os.path.join(workdir, 'prove.log')})")
    cex_path = found[0]
    steps = {name: [value for value in values if value is not None]
             for name, values in read_wavejson(cex_path).items()}
    sequence = tuple(zip(steps["in_a"], steps["in_b"]))
    # The operands are those of the first step, the outputs those of the last.
    counterexample = Counterexample(config, *sequence[0], steps[f"gate_{spec.output}"][-1],
                                    steps[f"gold_{spec.output}"][-1], sequence)
    return ProofResult(config, False, seconds, counterexample)


#: Equivalence-preserving rewrites that let the reference and the design share one significand
#: multiplier when both multiply equal operands of equal widths: operand widths reduced to what
#: they carry (a Verilog product's operands take the result's width), everything but the
#: multipliers lowered to gates and simplified (so that equal operand logic merges), identical
#: multipliers merged, then the rest lowered. Two different multipliers are hard for SAT; one
#: shared is easy, and the proof still covers the whole of both circuits.
_SHARE_PRODUCTS = ["wreduce", "opt -fast", "techmap t:$mul %n", "opt -full", "techmap",
                   "opt -fast"]


def _parameter_value(value):
    return f"64'd{min(value, _OFFSET_CEILING)}"


def _cases(spec, stages):
    """The ``sat -set`` assignments of each case of a split proof: one per value of the
    reference's split wire."""
    if spec.split is None:
        raise ValueError(f"split must be asked only of a unit whose reference has a split "
                         f"wire, not of {spec.module!r}")
    if stages:
        raise ValueError(f"split must be asked only of a combinational unit, not of one with "
                         f"{stages} stages")
    wire, values = spec.split
    return [((f"gold.{wire}", value),) for value in values]


def _counterexample_file(index):
    return "counterexample.json" if index == 0 else f"counterexample_{index}.json"


def _script(spec, stages, module, cases=((),)):
    parameters = " ".join(f"-set {name} {_parameter_value(value)}"
                          for name, value in spec.parameters.items())
    reference = spec.module if not stages else f"{spec.module}_delayed"
    lines = [
        "read_verilog design.v",
        *([f"rename {module} design"] if module != "design" else []),
        "read_verilog -sv spec.v",
        f"chparam {parameters} {spec.module}",
        f"miter -equiv -make_outputs {reference} design miter",
        # The hierarchy below the miter, with the reference's rounder derived for its
        # parameters, then flattened.
        "hierarchy -top miter",
        "proc",
        "flatten",
        "setundef -zero",  # unreachable out-of-range selects in the reference
        "opt -fast",
    ]
    sat = "sat -prove trigger 0 -show-ports"
    if stages:
        # Registers start free (no power-up values); the check is in the last of stages + 1
        # steps.
        lines += ["setattr -unset init", "dffunmap"]
        sat += f" -seq {stages + 1} -prove-skip {stages} -set in_rst 0"
    lines += _SHARE_PRODUCTS
    for index, case in enumerate(cases):
        settings = "".join(f" -set {wire} {value}" for wire, value in case)
        lines.append(f"{sat}{settings} -dump_json {_counterexample_file(index)} miter")
    return "\n".join(lines) + "\n"


def _delayed_reference(spec, width, stages):
    """Verilog of ``<module>_delayed``: the reference ``spec`` followed by ``stages`` registers,
    with the pipelined unit's ports."""
    line, module, out = stages * width, spec.module, spec.output
    return f"""
module {module}_delayed (input clk, input rst, input [{width - 1}:0] a, input [{width - 1}:0] b,
                         output [{width - 1}:0] {out});
    wire [{width - 1}:0] result;
    reg [{line - 1}:0] delay_line;
    {module} reference (.a(a), .b(b), .{out}(result));
    always @(posedge clk) delay_line <= {{delay_line, result}};
    assign {out} = delay_line[{line - 1}:{line - width}];
endmodule
"""
