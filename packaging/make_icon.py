"""Draw the application icon: a parcel on a blue tile. Writes the Windows .ico and the Linux .png.

Run it only to change the icon (``python packaging/make_icon.py``); both files are committed,
so a build never needs it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
ICO_PATH = HERE / "pvz-desktop.ico"
PNG_PATH = HERE / "linux" / "pvz-desktop.png"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
CANVAS = 1024  # drawn large, scaled down: small sizes stay smooth

TILE = (30, 91, 216, 255)
BOX_FRONT = (226, 170, 96, 255)
BOX_SIDE = (196, 138, 70, 255)
BOX_TOP = (242, 197, 132, 255)
TAPE = (255, 255, 255, 235)
OUTLINE = (90, 55, 20, 255)


def draw(size: int = CANVAS) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)

    def p(x: float, y: float) -> tuple[float, float]:
        return x * size, y * size

    d.rounded_rectangle((p(0.03, 0.03), p(0.97, 0.97)), radius=size * 0.2, fill=TILE)
    line = max(1, round(size * 0.018))
    # A parcel seen from the front-right: front face, right side, lid.
    front = [p(0.18, 0.40), p(0.62, 0.40), p(0.62, 0.82), p(0.18, 0.82)]
    side = [p(0.62, 0.40), p(0.82, 0.28), p(0.82, 0.70), p(0.62, 0.82)]
    top = [p(0.18, 0.40), p(0.38, 0.28), p(0.82, 0.28), p(0.62, 0.40)]
    d.polygon(front, fill=BOX_FRONT, outline=OUTLINE, width=line)
    d.polygon(side, fill=BOX_SIDE, outline=OUTLINE, width=line)
    d.polygon(top, fill=BOX_TOP, outline=OUTLINE, width=line)
    # The tape across the lid and down the front.
    d.polygon([p(0.37, 0.40), p(0.57, 0.28), p(0.65, 0.28), p(0.45, 0.40)], fill=TAPE)
    d.rectangle((p(0.37, 0.40), p(0.45, 0.82)), fill=TAPE)
    # A label on the front: the barcode the counter scans.
    d.rectangle((p(0.22, 0.60), p(0.35, 0.76)), fill=(255, 255, 255, 255))
    for i, x in enumerate((0.235, 0.255, 0.27, 0.295, 0.315, 0.33)):
        width = 0.012 if i % 2 else 0.007
        d.rectangle((p(x, 0.625), p(x + width, 0.735)), fill=(20, 20, 20, 255))
    return image


def main() -> None:
    big = draw()
    frames = [big.resize((s, s), Image.Resampling.LANCZOS) for s in ICO_SIZES]
    frames[-1].save(ICO_PATH, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=frames[:-1])
    PNG_PATH.parent.mkdir(exist_ok=True)
    frames[-1].save(PNG_PATH, format="PNG", optimize=True)
    print(f"{ICO_PATH.name}: {', '.join(str(s) for s in ICO_SIZES)} px; {PNG_PATH.name}: 256 px")


if __name__ == "__main__":
    main()
