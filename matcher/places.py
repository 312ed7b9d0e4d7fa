"""Copenhagen-area postal codes with their names and centroids: where a citizen or a workplace
given only a postal code is placed. (Reference data kept as code.)"""

from matcher.models import Coordinates

# code: (name, centroid latitude, centroid longitude)
_PLACES: dict[str, tuple[str, float, float]] = {
    "1050": ("København K", 55.6797, 12.5857),
    "1100": ("København K", 55.6786, 12.5807),
    "1150": ("København K", 55.6820, 12.5710),
    "1200": ("København K", 55.6782, 12.5785),
    "1250": ("København K", 55.6876, 12.5913),
    "1300": ("København K", 55.6860, 12.5820),
    "1350": ("København K", 55.6850, 12.5680),
    "1400": ("København K", 55.6690, 12.5930),
    "1450": ("København K", 55.6800, 12.5700),
    "1550": ("København V", 55.6740, 12.5650),
    "1600": ("København V", 55.6700, 12.5610),
    "1650": ("København V", 55.6694, 12.5536),
    "1700": ("København V", 55.6675, 12.5440),
    "1750": ("København V", 55.6670, 12.5380),
    "1800": ("Frederiksberg C", 55.6720, 12.5350),
    "1850": ("Frederiksberg C", 55.6770, 12.5350),
    "1900": ("Frederiksberg C", 55.6795, 12.5420),
    "1950": ("Frederiksberg C", 55.6845, 12.5410),
    "2000": ("Frederiksberg", 55.6800, 12.5200),
    "2100": ("København Ø", 55.7150, 12.5800),
    "2150": ("Nordhavn", 55.7180, 12.5960),
    "2200": ("København N", 55.6960, 12.5450),
    "2300": ("København S", 55.6560, 12.6000),
    "2400": ("København NV", 55.7090, 12.5290),
    "2450": ("København SV", 55.6460, 12.5350),
    "2500": ("Valby", 55.6620, 12.5040),
    "2600": ("Glostrup", 55.6660, 12.4020),
    "2605": ("Brøndby", 55.6500, 12.4210),
    "2610": ("Rødovre", 55.6810, 12.4540),
    "2620": ("Albertslund", 55.6570, 12.3550),
    "2625": ("Vallensbæk", 55.6240, 12.3850),
    "2630": ("Taastrup", 55.6510, 12.2940),
    "2635": ("Ishøj", 55.6150, 12.3520),
    "2640": ("Hedehusene", 55.6540, 12.1950),
    "2650": ("Hvidovre", 55.6420, 12.4740),
    "2660": ("Brøndby Strand", 55.6210, 12.4180),
    "2665": ("Vallensbæk Strand", 55.6190, 12.3900),
    "2670": ("Greve", 55.5870, 12.3000),
    "2700": ("Brønshøj", 55.7070, 12.4940),
    "2720": ("Vanløse", 55.6870, 12.4910),
    "2730": ("Herlev", 55.7240, 12.4380),
    "2740": ("Skovlunde", 55.7200, 12.4040),
    "2750": ("Ballerup", 55.7310, 12.3630),
    "2760": ("Måløv", 55.7490, 12.3250),
    "2765": ("Smørum", 55.7440, 12.3010),
    "2770": ("Kastrup", 55.6350, 12.6440),
    "2791": ("Dragør", 55.5930, 12.6720),
    "2800": ("Kongens Lyngby", 55.7700, 12.5030),
    "2820": ("Gentofte", 55.7510, 12.5500),
    "2830": ("Virum", 55.7950, 12.4730),
    "2840": ("Holte", 55.8110, 12.4700),
    "2850": ("Nærum", 55.8160, 12.5370),
    "2860": ("Søborg", 55.7320, 12.5100),
    "2870": ("Dyssegård", 55.7340, 12.5330),
    "2880": ("Bagsværd", 55.7620, 12.4540),
    "2900": ("Hellerup", 55.7310, 12.5700),
    "2920": ("Charlottenlund", 55.7520, 12.5800),
    "2930": ("Klampenborg", 55.7700, 12.5900),
    "2950": ("Vedbæk", 55.8530, 12.5640),
    "2970": ("Hørsholm", 55.8800, 12.5000),
    "3400": ("Hillerød", 55.9270, 12.3000),
    "3460": ("Birkerød", 55.8400, 12.4280),
    "3500": ("Værløse", 55.7820, 12.3700),
    "3520": ("Farum", 55.8100, 12.3600),
    "4000": ("Roskilde", 55.6420, 12.0800),
}


def postal_codes() -> dict[str, tuple[str, float, float]]:
    """Postal code -> (name, centroid latitude, centroid longitude)."""
    return dict(_PLACES)


def postal_code_centres() -> dict[str, Coordinates]:
    """Postal code -> its centroid."""
    return {code: Coordinates(lat, lon) for code, (_, lat, lon) in _PLACES.items()}
