"""CAMEO actor codes: split "USAGOVMIL" into country and sector, and say what is valid.

A CAMEO code is 3-letter chunks: an optional country (ISO alpha-3, or a region or a
transnational type such as IGO, NGO, MNC), then role chunks (GOV, MIL ...). newsevents
keeps one country and one primary sector per actor; the full code is kept for IGOs and
other transnational actors (IGOUNO, IGOWSTNAT), as CONTRACT.md asks.
"""

from __future__ import annotations

from collections.abc import Collection

# CAMEO primary and secondary role codes accepted as an actor's sector.
SECTORS = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL LEG ELI HLH AGR LAB REF ENV HRI "
    "NGO IGO IMG MNC UAF INS SEP MOD RAD REL DEV AMN IRC UNO PKO CHR MUS JEW BUD HIN "
    "SHI SUN SFI ATH CTH PRO ORT JAN ALW DRZ ITH MOS PPL SET".split()
)  # fmt: skip
TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "UIS", "NGM"})
REGIONS = frozenset(
    "AFR ASA BLK BAL CAS CAU CFR CRB EAF EEU EIN EUR LAM MEA MDT NAF NMR PGS SAF SAM SAS "
    "SCN SEA WAF WEU WST NAM INT KKL ARB".split()
)  # fmt: skip
# Old CAMEO/Phoenix country codes that are not (or no longer) ISO alpha-3.
LEGACY_COUNTRY = {
    "TMP": "TLS", "KSV": "XKX", "KOS": "XKX", "USR": "RUS", "SUN": "RUS", "DDR": "DEU",
    "YUG": "SRB", "SCG": "SRB", "FRY": "SRB", "SRP": "SRB", "CSK": "CZE", "ROM": "ROU",
    "ZAR": "COD", "BUR": "MMR", "PAL": "PSE",
}  # fmt: skip


def split_code(
    code: str, previous_country: str | None = None, countries: Collection[str] = ()
) -> dict[str, str | None] | None:
    """{"code", "country", "sector"} for a CAMEO code, or None when it says nothing.

    ``countries`` is the set of known ISO alpha-3 codes (empty: any 3 capitals that are
    not a region, transnational type or sector count as a country). A code that is only a
    sector ("ELI") takes ``previous_country`` (Phoenix writes ``[IGOUNO 970101-061231]
    [ELI]`` for "a UN official, later an elite").
    """
    code = code.strip().upper()
    if len(code) < 3 or not code.isalpha():
        return None
    head, rest = code[:3], code[3:]
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    first_sector = next((c for c in chunks if c in SECTORS), None)
    if head in TRANSNATIONAL:
        if head == "MNC":  # multinational firm, often with its home country: MNCUSA
            home = chunks[0] if chunks else None
            country = LEGACY_COUNTRY.get(home or "", home)
            if country and _is_country(country, countries):
                return {"code": f"{country}BUS", "country": country, "sector": "BUS"}
            return {"code": "MNC", "country": None, "sector": "BUS"}
        return {"code": code, "country": None, "sector": head}
    if head in REGIONS:
        return {"code": code, "country": None, "sector": first_sector}
    country = LEGACY_COUNTRY.get(head, head)
    if head in SECTORS and not _is_country(country, countries):
        if previous_country is None:
            return {"code": head, "country": None, "sector": head}
        return {"code": previous_country + head, "country": previous_country, "sector": head}
    if not _is_country(country, countries):
        return None
    return {"code": country + (first_sector or ""), "country": country, "sector": first_sector}


def _is_country(code: str, countries: Collection[str]) -> bool:
    if countries:
        return code in countries
    return code not in REGIONS and code not in TRANSNATIONAL and code not in SECTORS
