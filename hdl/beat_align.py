"""Alignment of one beat's products of a row to the largest exponent among them, for the
dot-product tile's ``aligned`` accumulator."""

from amaranth.hdl import Cat, Const, Module, Mux, Signal, signed
from amaranth.lib import data, wiring
from amaranth.lib.wiring import In, Out

from ..dot_params import DotParams
from .balanced_tree import any_of
from .leading_zeros import leading_zeros
from .product_terms import exponent_bias, product_layout

__all__ = ["BeatAlign", "check_aligned_params", "right_shift", "aligned_exponent_shape",
           "aligned_beat_layout"]


def check_aligned_params(params):
    """``params`` if it is a :class:`DotParams` of the ``aligned`` accumulator.

    Raises
    ------
    TypeError
        Otherwise.
    """
    if not isinstance(params, DotParams) or params.accumulator != "aligned":
        raise TypeError(f"params must be a DotParams of the aligned accumulator, not {params!r}")
    return params


def aligned_exponent_shape(params):
    """Signed shape of the exponents of the ``aligned`` accumulator: every leading-one exponent
    of a product or of an ``out_fmt`` value, and those less :attr:`DotParams.fraction_bits`."""
    q_min, q_max = params.product_exponent_range
    out_fmt = params.out_fmt
    low = min(q_min, 1 - out_fmt.bias - out_fmt.man_bits) - params.fraction_bits
    high = max(q_max + params.significand_bits, (out_fmt.max_finite_mag >> out_fmt.man_bits)
               - out_fmt.bias)
    return signed(max(abs(low), abs(high)).bit_length() + 2)


def aligned_beat_layout(params):
    """A row's beat as the ``aligned`` accumulator takes it: ``terms`` (``lanes`` magnitudes of
    ``F + 1`` bits, in units of ``2**(largest - F)``), their ``signs``, ``largest`` (the
    largest leading-one exponent of the finite non-zero products), ``any`` (whether there is
    one), and the beat's ``nan``, ``pos_inf`` and ``neg_inf`` products."""
    return data.StructLayout({
        "terms": data.ArrayLayout(params.fraction_bits + 1, params.lanes),
        "signs": params.lanes,
        "largest": aligned_exponent_shape(params),
        "any": 1, "nan": 1, "pos_inf": 1, "neg_inf": 1,
    })


class BeatAlign(wiring.Component):
    """The products of a row's beat truncated toward zero to multiples of ``2**(largest - F)``,
    ``largest`` being the largest exponent ``floor(log2(|p|))`` of its finite non-zero products
    and ``F`` :attr:`DotParams.fraction_bits`: combinational.

    Per lane a leading-zero count normalises the significand and gives its exponent; a tree of
    comparisons finds the largest; each normalised significand, cut to its top ``F + 1`` bits,
    is shifted right by its distance from the largest. Truncating here and again by the
    accumulator's own shift equals truncating once (both drop bits of the magnitude), so the
    accumulator can align these terms further to the running sum's exponent.

    Parameters
    ----------
    params : DotParams
        With ``accumulator="aligned"``.

    Members
    -------
    products : In(ArrayLayout(product_layout(params), lanes))
        The row's products (:class:`~lmul.hdl.product_terms.ProductTerm`).
    beat : Out(aligned_beat_layout(params))
    """

    def __init__(self, params):
        self.params = check_aligned_params(params)
        super().__init__({
            "products": In(data.ArrayLayout(product_layout(params), params.lanes)),
            "beat": Out(aligned_beat_layout(params)),
        })

    def elaborate(self, platform):
        m = Module()
        params, beat = self.params, self.beat
        bits, kept = params.significand_bits, params.fraction_bits + 1
        exponent_shape = aligned_exponent_shape(params)
        bias = exponent_bias(params)

        present, leads, tops = [], [], []
        for lane in range(params.lanes):
            product = self.products[lane]
            zeros = leading_zeros(m, product.significand)
            lead = Signal(exponent_shape, name=f"lead_l{lane}")
            m.d.comb += lead.eq(product.exponent - (bias - bits + 1) - zeros)
            normalised = Signal(bits, name=f"normalised_l{lane}")
            m.d.comb += normalised.eq(product.significand << zeros)
            # The top F + 1 bits, the leading one at the top (dropping bits truncates).
            top = (normalised[bits - kept:] if bits >= kept
                   else Cat(Const(0, kept - bits), normalised))
            finite = ~product.nan & ~product.inf & (product.significand != 0)
            present.append(finite)
            leads.append(lead)
            tops.append(top)

        any_present, largest = _largest(m, list(zip(present, leads)), exponent_shape)
        m.d.comb += [beat.any.eq(any_present), beat.largest.eq(largest)]
        for lane in range(params.lanes):
            amount = right_shift(m, f"shift_l{lane}", largest - leads[lane], kept,
                                 exponent_shape)
            m.d.comb += beat.terms[lane].eq(Mux(present[lane], tops[lane] >> amount, 0))
        products = [self.products[lane] for lane in range(params.lanes)]
        m.d.comb += [
            beat.signs.eq(Cat(*(product.sign for product in products))),
            beat.nan.eq(any_of([product.nan for product in products])),
            beat.pos_inf.eq(any_of([product.inf & ~product.sign for product in products])),
            beat.neg_inf.eq(any_of([product.inf & product.sign for product in products])),
        ]
        return m


def right_shift(m, name, distance, limit, shape):
    """A shift amount ``min(distance, limit)`` (``distance >= 0``, of signed ``shape``): shifting
    a ``limit``-bit value right by it drops every bit from ``limit`` on."""
    difference = Signal(shape, name=f"{name}_distance")
    m.d.comb += difference.eq(distance)
    amount = Signal(range(limit + 1), name=name)
    m.d.comb += amount.eq(Mux(difference > limit, limit, difference[:len(amount)]))
    return amount


def _largest(m, candidates, shape):
    """``(any, largest)`` of ``(present, exponent)`` pairs by a balanced tree of comparisons."""
    if len(candidates) == 1:
        return candidates[0]
    middle = len(candidates) // 2
    left_present, left = _largest(m, candidates[:middle], shape)
    right_present, right = _largest(m, candidates[middle:], shape)
    largest = Signal(shape)
    take_left = left_present & (~right_present | (left > right))
    m.d.comb += largest.eq(Mux(take_left, left, right))
    return left_present | right_present, largest
