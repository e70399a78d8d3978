"""The flow picture: seeds on the left, where the taint went on the right, band widths by amount.

A plain SVG document (no drawing library is needed for rectangles, curves and text): services
with their jurisdictions, unspent outputs, fees and the hop-limit frontier, each with its amount.
"""

from __future__ import annotations

from html import escape

from lexbridge.tracing.trace import TraceResult

_WIDTH, _ROW, _GAP, _LEFT, _RIGHT = 960, 28, 10, 40, 560


def _btc(amount: int) -> str:
    return f"{amount / 100_000_000:,.8f}".rstrip("0").rstrip(".") + " BTC"


def flow_svg(result: TraceResult) -> str:
    """The picture of ``result`` as an SVG document."""
    sinks: list[tuple[str, int, dict[str, int]]] = []
    for flow in result.services:
        where = f" ({', '.join(flow.jurisdictions)})" if flow.jurisdictions else ""
        sinks.append((f"{flow.service}{where}", flow.amount, flow.by_seed))
    b = result.balance
    for name, amount in (
        ("unspent", b.unspent),
        ("miners' fees", b.fees),
        ("beyond the hop or height limit", b.beyond_limit),
        ("burned (unspendable)", b.burned),
        ("rounding", b.rounding),
    ):
        if amount > 0:
            sinks.append((name, amount, {}))
    seeds = [(s.seed, s.amount) for s in result.seeds if s.amount > 0]
    total = max(sum(a for _, a in seeds), sum(a for _, a, _ in sinks), 1)
    scale = _ROW * max(len(seeds), len(sinks), 1) * 1.6 / total
    height = int(max(len(seeds), len(sinks)) * (_ROW * 1.6 + _GAP) + 80)

    def stack(items: list[tuple[str, int]]) -> list[tuple[str, int, float, float]]:
        y, placed = 50.0, []
        for name, amount in items:
            h = max(amount * scale, 2.0)
            placed.append((name, amount, y, h))
            y += h + _GAP
        return placed

    left = stack(seeds)
    right = stack([(n, a) for n, a, _ in sinks])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f"<title>Taint flow, {escape(result.policy)} policy</title>",
        f'<text x="{_LEFT}" y="24" font-size="14">Seeds ({escape(result.policy)})</text>',
        f'<text x="{_RIGHT}" y="24" font-size="14">Where the tainted value went</text>',
    ]
    # bands: per seed where FIFO/LIFO labels tell it, otherwise spread in proportion
    left_cursor = {name: y for name, _, y, _ in left}
    seed_total = sum(a for _, a in seeds) or 1
    for (name, amount, y, _h), (_, _, by_seed) in zip(right, sinks, strict=True):
        right_cursor = y
        for seed_name, seed_amount, _sy, _sh in left:
            share = by_seed.get(seed_name, 0) if by_seed else amount * seed_amount / seed_total
            if share <= 0:
                continue
            w = max(share * scale, 1.0)
            y0, y1 = left_cursor[seed_name] + w / 2, right_cursor + w / 2
            mid = (_LEFT + 160 + _RIGHT) / 2
            parts.append(
                f'<path d="M{_LEFT + 160},{y0:.1f} C{mid},{y0:.1f} {mid},{y1:.1f} {_RIGHT},{y1:.1f}" '
                f'stroke="#4a7fb5" stroke-opacity="0.45" stroke-width="{w:.1f}" fill="none">'
                f"<title>{escape(seed_name)} → {escape(name)}: {_btc(int(share))}</title></path>"
            )
            left_cursor[seed_name] += w
            right_cursor += w
    for name, amount, y, h in left:
        parts.append(f'<rect x="{_LEFT}" y="{y:.1f}" width="160" height="{h:.1f}" fill="#2d4f73"/>')
        parts.append(
            f'<text x="{_LEFT}" y="{y - 3:.1f}">{escape(name[:40])} · {_btc(amount)}</text>'
        )
    for name, amount, y, h in right:
        parts.append(f'<rect x="{_RIGHT}" y="{y:.1f}" width="14" height="{h:.1f}" fill="#b5524a"/>')
        parts.append(
            f'<text x="{_RIGHT + 20}" y="{y + min(h, 16) - 3:.1f}">{escape(name)} · {_btc(amount)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
