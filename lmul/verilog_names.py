"""Verilog module names a user can type: plain identifiers that are no keyword.

A generated module must be instantiable by a hand-written wrapper, so its name must be a
*simple* identifier of IEEE 1364-2005 (a letter or ``_``, then letters, digits, ``_`` or ``$``,
ASCII only) that is no keyword of Verilog-2005 or SystemVerilog (IEEE 1800-2017); anything else
would be written as an escaped identifier (``\\module``). Names are limited to 1024 characters,
the length every tool must accept.
"""

import re

__all__ = ["VERILOG_KEYWORDS", "MAX_NAME_LENGTH", "check_module_name"]

_VERILOG_2005 = """
    always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config
    deassign default defparam design disable edge else end endcase endconfig endfunction
    endgenerate endmodule endprimitive endspecify endtable endtask event for force forever fork
    function generate genvar highz0 highz1 if ifnone incdir include initial inout input instance
    integer join large liblist library localparam macromodule medium module nand negedge nmos
    nor noshowcancelled not notif0 notif1 or output parameter pmos posedge primitive pull0 pull1
    pulldown pullup pulsestyle_ondetect pulsestyle_onevent rcmos real realtime reg release
    repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify
    specparam strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1
    triand trior trireg unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor
    xor
"""

_SYSTEMVERILOG_2017 = """
    accept_on alias always_comb always_ff always_latch assert assume before bind bins binsof
    bit break byte chandle checker class clocking const constraint context continue cover
    covergroup coverpoint cross dist do endchecker endclass endclocking endgroup endinterface
    endpackage endprogram endproperty endsequence enum eventually expect export extends extern
    final first_match foreach forkjoin global iff ignore_bins illegal_bins implements implies
    import inside int interconnect interface intersect join_any join_none let local logic
    longint matches modport nettype new nexttime null package packed priority program property
    protected pure rand randc randcase randsequence ref reject_on restrict return s_always
    s_eventually s_nexttime s_until s_until_with sequence shortint shortreal soft solve static
    string strong struct super sync_accept_on sync_reject_on tagged this throughout
    timeprecision timeunit type typedef union unique unique0 until until_with untyped var
    virtual void wait_order weak wildcard with within
"""

#: Reserved words of Verilog-2005 and SystemVerilog 2017, which a module name must not be.
VERILOG_KEYWORDS = frozenset(_VERILOG_2005.split()) | frozenset(_SYSTEMVERILOG_2017.split())

#: Longest module name accepted.
MAX_NAME_LENGTH = 1024

_SIMPLE_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def check_module_name(name):
    """Return ``name`` if it is a plain Verilog identifier and no keyword.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If it is empty, longer than :data:`MAX_NAME_LENGTH`, not a simple identifier, or a
        keyword.
    """
    if not isinstance(name, str):
        raise TypeError(f"module name must be a string, not {name!r}")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"module name must be at most {MAX_NAME_LENGTH} characters, "
                         f"not {len(name)}")
    if not _SIMPLE_IDENTIFIER.fullmatch(name):
        raise ValueError(f"module name must be a Verilog identifier (an ASCII letter or _, "
                         f"then letters, digits, _ or $), not {name!r}")
    if name in VERILOG_KEYWORDS:
        raise ValueError(f"module name must not be a Verilog or SystemVerilog keyword, "
                         f"not {name!r}")
    return name
