"""Formal proofs that the generated Verilog equals an independent reference on every input.

The references (``lmul_spec.v``, ``fpmul_spec.v``) are behavioural Verilog written from the
README's specification, independently of :mod:`lmul.hdl` and :mod:`lmul.golden`
(:mod:`lmul.formal.spec` picks one and its parameters). The driver (:mod:`lmul.formal.proof`)
builds a Yosys miter of a reference and the design exactly as ``lmul generate`` writes it and
proves its output constant with Yosys's SAT solver; a failed proof gives a counterexample
(:mod:`lmul.formal.counterexample`).
"""
