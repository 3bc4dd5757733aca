"""The results table and the "Last figures" section of bench/README.md."""

import os
import statistics

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                      "README.md")
LAST_FIGURES_HEADING = "## Last figures"

AIM_OF_FLOOR = 1.3      # (c)/(a) at most this
AIM_OVER_LINUX = 10.0   # (b)/(c) at least this


def _median_ms(samples):
    return statistics.median(s.wall_seconds for s in samples) * 1000


def _median_rss_mib(samples):
    return statistics.median(s.peak_rss_kib for s in samples) / 1024


def table(guests, samples):
    rows = ["| benchmark | median wall | min | max | median peak RSS | runs |",
            "|---|---:|---:|---:|---:|---:|"]
    for guest in guests:
        runs = samples[guest.key]
        walls = [s.wall_seconds * 1000 for s in runs]
        rows.append(f"| ({guest.key}) {guest.label} | {_median_ms(runs):.0f} ms | "
                    f"{min(walls):.0f} ms | {max(walls):.0f} ms | "
                    f"{_median_rss_mib(runs):.1f} MiB | {len(runs)} |")
    return rows


def _ratio_line(name, numerator, denominator, aim):
    value = _median_ms(numerator) / _median_ms(denominator)
    return f"- {name}: **{value:.2f}x** {aim(value)}"


def _floor_aim(value):
    return f"(aim <= {AIM_OF_FLOOR}x: {'met' if value <= AIM_OF_FLOOR else 'NOT met'})"


def _paired_ratio_line(hello, floor):
    """(c)/(a) round by round: (a) and (c) run in the same rounds (sample i of each is round i),
    so the median of the per-round ratios is not moved by drift between rounds, which moves the
    ratio of the two medians (bench/README.md, sixth pass)."""
    value = statistics.median(c.wall_seconds / a.wall_seconds for c, a in zip(hello, floor))
    return (f"- (c)/(a) round by round, the median of the {len(hello)} per-round ratios: "
            f"**{value:.2f}x** {_floor_aim(value)}")


def ratios(samples):
    """Ratio lines for the pairs that were measured."""
    have = lambda *keys: all(k in samples for k in keys)
    lines = []
    if have("a", "c"):
        lines.append(_ratio_line("(c)/(a), sealed hello over the floor", samples["c"], samples["a"],
                                 _floor_aim))
        lines.append(_paired_ratio_line(samples["c"], samples["a"]))
    if have("b", "c"):
        lines.append(_ratio_line("(b)/(c), Linux guest over sealed hello", samples["b"],
                                 samples["c"], lambda v: f"(aim >= {AIM_OVER_LINUX:.0f}x: "
                                 f"{'met' if v >= AIM_OVER_LINUX else 'NOT met'})"))
    if have("a", "b"):
        lines.append(_ratio_line("(b)/(a), Linux guest over the floor", samples["b"], samples["a"],
                                 lambda v: "(for reference)"))
    return lines


def image_size_line(image):
    if image and os.path.isfile(image):
        size = os.path.getsize(image)
        return f"- sealed image size of hello: **{size} bytes** ({size / 1024:.1f} KiB), `{image}`"
    return "- sealed image size of hello: not measured (no sealed image)"


def rewrite_last_figures(body_lines, readme=README):
    """Replaces the text under LAST_FIGURES_HEADING, up to the next '## ' heading, with BODY."""
    with open(readme) as f:
        lines = f.read().splitlines()
    if LAST_FIGURES_HEADING not in lines:
        lines += ["", LAST_FIGURES_HEADING]
    start = lines.index(LAST_FIGURES_HEADING) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = ["", *body_lines, ""] if end < len(lines) else ["", *body_lines]
    lines[start:end] = section
    with open(readme + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(readme + ".tmp", readme)
