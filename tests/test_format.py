"""Format: validation, naming, constants, and decoding every preset exactly like ml_dtypes."""

import numpy as np
import pytest
from amaranth.hdl import Module, Signal
from amaranth.lib import data
from amaranth.sim import Simulator

from lmul.format import PRESETS, CodeLayout, CodeView, Format


@pytest.mark.parametrize("exp_bits, man_bits, message", [
    (1, 3, "exponent bits must be an integer in 2..8, not 1"),
    (9, 3, "exponent bits must be an integer in 2..8, not 9"),
    (4, 0, "mantissa bits must be an integer in 1..23, not 0"),
    (4, 24, "mantissa bits must be an integer in 1..23, not 24"),
])
def test_invalid_widths_name_the_rule_and_value(exp_bits, man_bits, message):
    with pytest.raises(ValueError) as info:
        Format(exp_bits, man_bits)
    assert str(info.value) == message


def test_invalid_policy():
    with pytest.raises(ValueError, match=r"^special-value policy must be one of 'ieee', 'fn', "
                                         r"not 'ocp'$"):
        Format(4, 3, "ocp")


@pytest.mark.parametrize("spec, expected", [
    ("e4m3fn", Format(4, 3, "fn")), ("e5m2", Format(5, 2)), ("e4m3", Format(4, 3)),
    ("e3m4", Format(3, 4)), ("fp16", Format(5, 10)), ("bf16", Format(8, 7)),
    ("fp32", Format(8, 23)), ("e6m9", Format(6, 9)), ("e2m1fn", Format(2, 1, "fn")),
])
def test_parse(spec, expected):
    assert Format.parse(spec) == expected


@pytest.mark.parametrize("spec, message", [
    ("fp8", "format must be a preset (e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32) or of the "
            "form eXmY or eXmYfn, not 'fp8'"),
    ("e9m2", "exponent bits must be an integer in 2..8, not 9"),
    ("e4m0", "mantissa bits must be an integer in 1..23, not 0"),
])
def test_parse_errors(spec, message):
    with pytest.raises(ValueError) as info:
        Format.parse(spec)
    assert str(info.value) == message


_PARSE_RULE = ("format must be a preset (e4m3fn, e5m2, e4m3, e3m4, fp16, bf16, fp32) or of the "
               "form eXmY or eXmYfn, not ")


@pytest.mark.parametrize("spec, hint", [
    # Other libraries' names are refused with the name they mean here: OCP's E4M3 is e4m3fn.
    ("E4M3", "'E4M3'; did you mean 'e4m3fn'?"),
    ("E5M2", "'E5M2'; did you mean 'e5m2'?"),
    ("float8_e4m3fn", "'float8_e4m3fn'; did you mean 'e4m3fn'?"),
    ("float8_e4m3", "'float8_e4m3'; did you mean 'e4m3'?"),
    ("bfloat16", "'bfloat16'; did you mean 'bf16'?"),
    ("float16", "'float16'; did you mean 'fp16'?"),
    # Case and white-space variants are refused too, with the exact name.
    ("FP16", "'FP16'; did you mean 'fp16'?"),
    (" e4m3fn", "' e4m3fn'; did you mean 'e4m3fn'?"),
    ("e6M9\n", "'e6M9\\n'; did you mean 'e6m9'?"),
    # Digits other than ASCII ones and leading zeros name nothing.
    ("e\uff14m3", "'e\uff14m3'"),
    ("e04m3", "'e04m3'"),
    ("", "''"),
])
def test_parse_takes_only_exact_names(spec, hint):
    with pytest.raises(ValueError) as info:
        Format.parse(spec)
    assert str(info.value) == _PARSE_RULE + hint


def test_parse_of_a_non_string():
    with pytest.raises(TypeError, match="^format must be a Format or a string, not 16$"):
        Format.parse(16)


@pytest.mark.parametrize("exp_bits, man_bits, special, message", [
    (4.0, 3, "ieee", "exponent bits must be an integer in 2..8, not 4.0"),
    (4, "3", "ieee", "mantissa bits must be an integer in 1..23, not '3'"),
    (True, 3, "ieee", "exponent bits must be an integer in 2..8, not True"),
    (4, 3, None, "special-value policy must be one of 'ieee', 'fn', not None"),
])
def test_wrong_types_raise_type_error(exp_bits, man_bits, special, message):
    with pytest.raises(TypeError) as info:
        Format(exp_bits, man_bits, special)
    assert str(info.value) == message


def test_numpy_integer_widths():
    fmt = Format(np.int64(4), np.uint8(3), "fn")
    assert fmt == PRESETS["e4m3fn"] and fmt.name == "e4m3fn"
    assert type(fmt.exp_bits) is int and type(fmt.man_bits) is int


def test_names_round_trip():
    for name, fmt in PRESETS.items():
        assert fmt.name == name and Format.parse(str(fmt)) == fmt
    assert Format(6, 9).name == "e6m9"
    assert Format(6, 9, "fn").name == "e6m9fn"


def test_constants_of_e4m3fn():
    fmt = PRESETS["e4m3fn"]
    assert (fmt.width, fmt.bias, fmt.mag_bits) == (8, 7, 7)
    assert fmt.max_finite_mag == 0x7E and fmt.decode(0x7E) == 448.0
    assert fmt.nan_code == 0x7F and fmt.inf_mag is None and not fmt.has_inf


def test_constants_of_fp32():
    fmt = PRESETS["fp32"]
    assert fmt.nan_code == 0x7FC00000
    assert fmt.inf_mag == 0x7F800000 and fmt.max_finite_mag == 0x7F7FFFFF
    assert fmt.min_normal_mag == 1 << 23


def test_layout_fields_from_lsb():
    layout = PRESETS["bf16"].layout
    assert layout.size == 16
    assert [(name, field.offset, field.width) for name, field in layout] == \
        [("man", 0, 7), ("exp", 7, 8), ("sign", 15, 1)]


def _assert_decodes_like_ml_dtypes(fmt, codes):
    ours = fmt.decode(codes)
    with np.errstate(invalid="ignore"):  # NaN payloads widen with a warning
        theirs = codes.astype(fmt.code_dtype).view(fmt.ml_dtype).astype(np.float64)
    assert np.array_equal(np.isnan(ours), np.isnan(theirs))
    finite = ~np.isnan(ours)
    # Compare bit patterns so that -0.0 and +0.0 differ.
    assert np.array_equal(ours[finite].view(np.int64), theirs[finite].view(np.int64))
    assert np.array_equal(fmt.is_nan(codes), np.isnan(theirs))
    assert np.array_equal(fmt.is_inf(codes), np.isinf(theirs))


@pytest.mark.parametrize("name", ["e4m3fn", "e5m2", "e4m3", "e3m4"])
def test_8_bit_presets_decode_every_code_like_ml_dtypes(name):
    fmt = PRESETS[name]
    _assert_decodes_like_ml_dtypes(fmt, fmt.all_codes())


@pytest.mark.parametrize("name", ["fp16", "bf16"])
def test_16_bit_presets_decode_every_code_like_ml_dtypes(name):
    fmt = PRESETS[name]
    _assert_decodes_like_ml_dtypes(fmt, fmt.all_codes())


def test_fp32_decodes_a_large_random_sample_like_numpy():
    fmt = PRESETS["fp32"]
    codes = np.random.default_rng(32).integers(0, 1 << 32, 1_000_000, dtype=np.uint64)
    special = np.array([0, 1, 0x7FFFFF, 0x800000, 0x7F7FFFFF, 0x7F800000, 0x7F800001,
                        0x7FC00000, 0xFF800000, 0x80000000], dtype=np.uint64)
    _assert_decodes_like_ml_dtypes(fmt, np.concatenate([special, codes]).astype(np.uint32))


def test_canonical_nan_is_a_nan_with_sign_0():
    for fmt in [*PRESETS.values(), Format(2, 1), Format(2, 1, "fn"), Format(8, 1, "fn")]:
        assert fmt.is_nan(fmt.nan_code) and fmt.nan_code >> fmt.mag_bits == 0


def test_all_codes_refuses_wide_formats():
    with pytest.raises(ValueError, match="^format must be at most 16 bits wide to list every "
                                         "code, not 32$"):
        PRESETS["fp32"].all_codes()


# -- the layout's views -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["e4m3fn", "e5m2", "e3m4", "e2m1fn"])
def test_code_view_classifies_every_code_like_the_array_methods(name):
    fmt = Format.parse(name)
    code = Signal(fmt.layout)
    assert isinstance(code, CodeView) and code.fmt == fmt
    tests = {"nan": code.is_nan(), "inf": code.is_inf(), "inf_or_nan": code.is_inf_or_nan(),
             "subnormal": code.is_subnormal(), "zero": code.is_zero(),
             "daz_zero": code.is_zero(daz=True), "magnitude": code.magnitude,
             "significand": code.significand(), "daz_significand": code.significand(daz=True),
             "exponent": code.exponent(), "daz_exponent": code.exponent(daz=True)}
    got = {key: [] for key in tests}

    async def testbench(ctx):
        for number in range(1 << fmt.width):
            ctx.set(code.as_value(), number)
            for key, value in tests.items():
                got[key].append(ctx.get(value))

    sim = Simulator(Module())
    sim.add_testbench(testbench)
    sim.run()
    codes = fmt.all_codes()
    _, exp, man = fmt.fields(codes)
    hidden = (exp != 0).astype(int) << fmt.man_bits
    expected = {"nan": fmt.is_nan(codes), "inf": fmt.is_inf(codes),
                "inf_or_nan": fmt.is_nan(codes) | fmt.is_inf(codes),
                "subnormal": fmt.is_subnormal(codes), "zero": (exp == 0) & (man == 0),
                "daz_zero": exp == 0, "magnitude": codes & fmt.mag_mask,
                "significand": man | hidden, "daz_significand": man | (1 << fmt.man_bits),
                "exponent": np.maximum(exp, 1), "daz_exponent": exp}
    for key in tests:
        np.testing.assert_array_equal(np.array(got[key]), np.asarray(expected[key]).astype(int),
                                      err_msg=key)


def test_layout_views_connect_to_plain_struct_layouts():
    fmt = Format.parse("bf16")
    assert fmt.layout == data.StructLayout({"man": 7, "exp": 8, "sign": 1})
    with pytest.raises(TypeError, match="format must be a Format, not 'bf16'"):
        CodeLayout("bf16")
