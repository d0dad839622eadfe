"""Hand-written profiles of Indian enterprises and opportunity cases graded by hand, for the
"written" set of the match-quality benchmark (bench/match_quality.py: nDCG@10, recall@50).

    python -m bench.match_cases      # checks the data and prints its counts

PROFILES are enterprises as their owners would fill the profile form: a description ("what we
make or do"), what they offer and seek, ticked processes and technology areas (slugs of
udyamsetu/enterprises/data/vocabularies.json), certificates with their valid-until date (None:
never expires) and the portal's verification level (0 self-declared, 1 documents checked,
2 verified on site). They are written unevenly on purpose: some are terse and lean on ticked
processes, some describe the capability in synonyms and tick nothing, some are in Hinglish, a
few tick a process they do not really do. Many are distractors that share words but not the
capability (composite fish farming, wedding drone photography, a PCB trading shop, ISPM-15
heat treatment of pallets, "Space Interiors"), or have the capability but fail a hard filter
(a certificate that expired before the evaluation day, the wrong state, the wrong size).

CASES are opportunities as a buyer or partner would post them: text, ticked processes and
areas, hard filters (required certifications valid on EVALUATION_DAY, states, size classes)
and preferred (wanted) certifications. `relevant` grades profiles as a procurement officer
would after reading the whole profile, not by counting shared words:

- 3: ideal, would be shortlisted first (does exactly this, at the scale and standard asked);
- 2: good, could do it with little risk (adjacent product, smaller scope, one step missing);
- 1: partial, worth a call (related process or only part of the scope);
- not listed (0): not relevant, or relevant but failing a hard filter of the case. A profile
  that fails a hard filter is never graded, however capable: the matcher must not return it.

For every required certification there is an otherwise capable profile whose certificate
expired before the evaluation day, and which is therefore not graded.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

EVALUATION_DAY = date(2026, 11, 22)
SIZES = ("micro", "small", "medium")
# State code → the first two digits its PIN codes start with.
STATE_PIN_PREFIXES: dict[str, tuple[str, ...]] = {
    "AP": ("51", "52", "53"), "AR": ("79",), "AS": ("78",), "BR": ("80", "81", "82", "84", "85"),
    "CG": ("49",), "GA": ("40",), "GJ": ("36", "37", "38", "39"), "HR": ("12", "13"),
    "HP": ("17",), "JH": ("81", "82", "83"), "KA": ("56", "57", "58", "59"),
    "KL": ("67", "68", "69"), "MP": ("45", "46", "47", "48"), "MH": ("40", "41", "42", "43", "44"),
    "MN": ("79",), "ML": ("79",), "MZ": ("79",), "NL": ("79",), "OD": ("75", "76", "77"),
    "PB": ("14", "15", "16"), "RJ": ("30", "31", "32", "33", "34"), "SK": ("73",),
    "TN": ("60", "61", "62", "63", "64"), "TS": ("50",), "TR": ("79",),
    "UP": ("20", "21", "22", "23", "24", "25", "26", "27", "28"), "UK": ("24", "26"),
    "WB": ("70", "71", "72", "73", "74"), "DL": ("11",), "JK": ("18", "19"), "CH": ("16",),
    "PY": ("60",),
}  # fmt: skip
PROFILE_KEYS = {
    "key", "name", "state", "pin", "size", "description", "offer", "seek", "processes", "areas",
    "certificates", "verification",
}  # fmt: skip
CASE_KEYS = {
    "key", "text", "processes", "areas", "required_certifications", "wanted_certifications",
    "states", "sizes", "relevant",
}  # fmt: skip

PROFILES: list[dict] = [
    # --- Aerospace and defence machining ---------------------------------------------------
    {
        "key": "kalinga-precision",
        "name": "Kalinga Precision Engineering Pvt Ltd",
        "state": "OD",
        "pin": "751024",
        "size": "small",
        "description": (
            "Precision machined components for aerospace and defence: simultaneous 5-axis "
            "machining of aluminium 7075 and titanium Ti-6Al-4V brackets, fittings and "
            "housings, with in-house CMM. Build-to-print supplier to HAL Koraput and Tier-1s."
        ),
        "offer": "DMG Mori 5-axis, three 3-axis VMCs, CNC turning, Zeiss CMM, FAI to AS9102.",
        "seek": "Long-term build-to-print orders for airframe and engine parts; offset partners.",
        "processes": [
            "cnc-machining-5-axis",
            "cnc-machining-3-axis",
            "cnc-turning",
            "metrology-cmm-inspection",
        ],
        "areas": ["precision-engineering", "cnc-machining"],
        "certificates": [
            ("as9100d", "2027-03-31"),
            ("iso-9001", "2027-03-31"),
            ("hal-vendor-registration", "2028-01-31"),
        ],
        "verification": 2,
    },
    {
        "key": "deccan-aero-machining",
        "name": "Deccan Aero Machining Pvt Ltd",
        "state": "TS",
        "pin": "500037",
        "size": "medium",
        "description": (
            "Aerostructure and aero-engine machined parts since 2006. 5-axis and mill-turn "
            "machining of titanium, Inconel and aluminium for HAL, DRDO labs and Boeing Tier-1s. "
            "We also finish-machine castings and 3D printed parts for customers."
        ),
        "offer": "Nine 5-axis machining centres, two mill-turn centres, CMM, AS9100D QMS.",
        "seek": "",
        "processes": [
            "cnc-machining-5-axis",
            "turn-mill-machining",
            "cnc-machining-4-axis",
            "metrology-cmm-inspection",
        ],
        "areas": ["precision-engineering", "propulsion"],
        "certificates": [
            ("as9100d", "2028-09-30"),
            ("iso-9001", "2028-09-30"),
            ("hal-vendor-registration", "2027-12-31"),
            ("drdo-vendor-registration", "2027-06-30"),
        ],
        "verification": 2,
    },
    {
        "key": "peenya-aerotech",
        "name": "Peenya Aerotech Components",
        "state": "KA",
        "pin": "560058",
        "size": "small",
        "description": (
            "VMC and 4th axis job work for aerospace detail parts. 3+2 positional work on "
            "tilting rotary table, no full simultaneous 5 axis. HAL, ADA approved."
        ),
        "offer": "",
        "seek": "",
        "processes": ["cnc-machining-4-axis", "vmc-machining", "cnc-turning"],
        "areas": ["precision-engineering"],
        "certificates": [("as9100d", "2027-07-31"), ("hal-vendor-registration", "2027-12-31")],
        "verification": 1,
    },
    {
        "key": "nashik-aero-components",
        "name": "Nashik Aero Components LLP",
        "state": "MH",
        "pin": "422010",
        "size": "small",
        "description": (
            "3-axis VMC machining of small aluminium detail parts (clips, cleats, angles) and "
            "sheet metal forming for HAL Aircraft Manufacturing Division, Nashik."
        ),
        "offer": "Quick turnaround on small aluminium parts, AS9100D.",
        "seek": "",
        "processes": ["cnc-machining-3-axis", "vmc-machining", "sheet-metal-fabrication"],
        "areas": ["precision-engineering"],
        "certificates": [("as9100d", "2026-11-30"), ("hal-vendor-registration", "2027-03-31")],
        "verification": 1,
    },
    {
        "key": "coimbatore-aero-precision",
        "name": "Coimbatore Aero Precision Pvt Ltd",
        "state": "TN",
        "pin": "641021",
        "size": "small",
        "description": (
            "Simultaneous 5-axis machining of aerospace brackets, impellers and blisks in "
            "titanium and aluminium on Hermle C42 and Mazak Variaxis, with CMM inspection. "
            "Supplier to HAL Bengaluru and GTRE."
        ),
        "offer": "5-axis capacity available, FAI documentation, titanium experience.",
        "seek": "Aerospace and defence build-to-print work.",
        "processes": ["cnc-machining-5-axis", "metrology-cmm-inspection", "cnc-turning"],
        "areas": ["precision-engineering", "propulsion"],
        "certificates": [
            ("as9100d", "2025-12-31"),
            ("iso-9001", "2027-01-31"),
            ("hal-vendor-registration", "2027-06-30"),
        ],
        "verification": 2,
    },
    {
        "key": "swastik-cnc",
        "name": "Swastik CNC Tooling",
        "state": "GJ",
        "pin": "360003",
        "size": "small",
        "description": (
            "Die and mould making with 5 axis CNC. Also job work for pump and valve parts."
        ),
        "offer": "Moulds for plastic and die casting, 5 axis machining hours.",
        "seek": "",
        "processes": ["cnc-machining-5-axis", "mould-making", "tool-and-die-making"],
        "areas": [],
        "certificates": [("iso-9001", "2027-05-31")],
        "verification": 0,
    },
    {
        "key": "bengaluru-aero-gears",
        "name": "Bengaluru Aero Gears Pvt Ltd",
        "state": "KA",
        "pin": "560058",
        "size": "small",
        "description": (
            "Gear hobbing, shaping and profile grinding of aerospace and helicopter gearbox "
            "gears and splines, DIN 5 quality, carburised and ground."
        ),
        "offer": "Gear grinding capacity, AS9100D.",
        "seek": "",
        "processes": ["gear-manufacturing", "cylindrical-grinding"],
        "areas": ["precision-engineering"],
        "certificates": [("as9100d", "2027-10-31"), ("hal-vendor-registration", "2027-10-31")],
        "verification": 2,
    },
    {
        "key": "vizag-marine-engineering",
        "name": "Vizag Marine Engineering Works",
        "state": "AP",
        "pin": "530012",
        "size": "small",
        "description": (
            "Marine engineering workshop near Naval Dockyard Visakhapatnam: repair and reverse "
            "engineering of ship pump and valve spares, CNC turning and machining, gunmetal "
            "and bronze castings through associates. Experience with Russian-origin equipment."
        ),
        "offer": "Indigenised spares from samples, drawings generated in-house.",
        "seek": "",
        "processes": [
            "reverse-engineering",
            "cnc-turning",
            "conventional-machining",
            "assembly-integration",
        ],
        "areas": ["naval-systems"],
        "certificates": [
            ("shipyard-vendor-registration", "2027-09-30"),
            ("iso-9001", "2027-02-28"),
        ],
        "verification": 2,
    },
    {
        "key": "scan2cad-solutions",
        "name": "Scan2CAD Solutions",
        "state": "MH",
        "pin": "411057",
        "size": "micro",
        "description": (
            "3D scanning, reverse engineering and CAD modelling services: legacy and imported "
            "parts converted to manufacturing drawings, GD&T, inspection reports."
        ),
        "offer": "Blue-light scanner, portable CMM arm, SolidWorks and NX.",
        "seek": "",
        "processes": ["reverse-engineering", "cad-cam-design", "metrology-cmm-inspection"],
        "areas": ["cad-cam"],
        "certificates": [("iso-9001", "2026-08-31")],
        "verification": 0,
    },
    {
        "key": "nagpur-ammo-boxes",
        "name": "Vidarbha Packaging & Crates",
        "state": "MH",
        "pin": "440016",
        "size": "small",
        "description": (
            "Wooden and steel ammunition boxes, packing crates and shell containers for "
            "ordnance factories (OFAJ, OFCH)."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sheet-metal-fabrication"],
        "areas": ["ammunition-explosives"],
        "certificates": [
            ("munitions-india-registration", "2027-06-30"),
            ("ordnance-dpsu-registration", "2027-06-30"),
        ],
        "verification": 1,
    },
    # --- Heat treatment (and things called heat treatment) --------------------------------
    {
        "key": "thermovac-heat-treaters",
        "name": "Thermovac Heat Treaters Pvt Ltd",
        "state": "KA",
        "pin": "560099",
        "size": "small",
        "description": (
            "Vacuum heat treatment and vacuum brazing for aerospace, defence and tooling. "
            "Horizontal vacuum furnaces to 1320 °C with 10 bar gas quench; solution treatment "
            "and ageing of Inconel 718, titanium and 17-4PH; nickel and silver vacuum brazing."
        ),
        "offer": "Nadcap heat treating, AS9100D, furnace survey records per AMS 2750.",
        "seek": "",
        "processes": [
            "vacuum-heat-treatment",
            "brazing-soldering",
            "annealing",
            "hardening-tempering",
        ],
        "areas": ["vacuum-heat-treatment", "propulsion"],
        "certificates": [
            ("nadcap", "2027-04-30"),
            ("as9100d", "2027-04-30"),
            ("iso-9001", "2027-04-30"),
        ],
        "verification": 2,
    },
    {
        "key": "pune-vacuum-treat",
        "name": "Pune Vacuum Treat",
        "state": "MH",
        "pin": "411026",
        "size": "small",
        "description": (
            "Vacuum hardening and tempering of tool steels, dies and moulds (H13, D2, HSS) in a "
            "6 bar HPGQ furnace; deep cryogenic treatment."
        ),
        "offer": "",
        "seek": "",
        "processes": ["vacuum-heat-treatment", "cryogenic-treatment", "hardening-tempering"],
        "areas": [],
        "certificates": [("iso-9001", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "surya-brazing",
        "name": "Surya Brazing Works",
        "state": "TS",
        "pin": "500051",
        "size": "micro",
        "description": (
            "Induction brazing and silver brazing of copper and brass electrical parts "
            "(busbars, contacts, lugs). Soldering job work."
        ),
        "offer": "",
        "seek": "",
        "processes": ["brazing-soldering"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "ganesh-heat-treaters",
        "name": "Ganesh Heat Treaters",
        "state": "MH",
        "pin": "410501",
        "size": "small",
        "description": (
            "Sealed quench hardening, gas carburising and induction hardening for automotive "
            "gears and shafts. 24 hour service, pickup from Chakan and Bhosari."
        ),
        "offer": "",
        "seek": "",
        "processes": [
            "hardening-tempering",
            "carburising",
            "induction-hardening",
            "heat-treatment",
        ],
        "areas": [],
        "certificates": [("iatf-16949", "2027-10-31")],
        "verification": 1,
    },
    {
        "key": "kandla-ispm-pallets",
        "name": "Kandla Pallet Heat Treatment Services",
        "state": "GJ",
        "pin": "370201",
        "size": "micro",
        "description": (
            "ISPM-15 heat treatment and fumigation of wooden pallets and packing crates for "
            "exporters at Kandla and Mundra port. HT chamber, 56 °C core for 30 minutes."
        ),
        "offer": "Heat treatment certificates accepted by all countries.",
        "seek": "",
        "processes": ["heat-treatment"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "amrit-dairy",
        "name": "Amrit Dairy Products",
        "state": "GJ",
        "pin": "388001",
        "size": "small",
        "description": (
            "Milk chilling, pasteurisation (HTST heat treatment) and pouch packing, paneer and "
            "ghee for village societies of Anand district. 2,000 t cold room for dairy products."
        ),
        "offer": "",
        "seek": "",
        "processes": ["dairy-processing", "food-processing"],
        "areas": ["food-processing-tech"],
        "certificates": [("fssai-licence", "2027-03-31"), ("iso-22000", "2026-03-31")],
        "verification": 1,
    },
    {
        "key": "aeroheat-hyderabad",
        "name": "AeroHeat Surface Engineering",
        "state": "TS",
        "pin": "500055",
        "size": "small",
        "description": (
            "Plasma nitriding and salt bath QPQ for hydraulic and landing gear parts; shot "
            "peening. Vacuum furnace on order."
        ),
        "offer": "",
        "seek": "Partner with vacuum furnace for brazing jobs.",
        "processes": ["nitriding", "shot-blasting"],
        "areas": [],
        "certificates": [("nadcap", "2027-01-31"), ("as9100d", "2027-01-31")],
        "verification": 1,
    },
    # --- Forging ------------------------------------------------------------------------
    {
        "key": "vidarbha-forge",
        "name": "Vidarbha Forge & Engineering Ltd",
        "state": "MH",
        "pin": "441122",
        "size": "medium",
        "description": (
            "Closed-die forging on 1600 T and 2500 T presses, 5 to 120 kg: shell bodies and "
            "fuze bodies for ordnance factories, crankshaft and axle forgings for commercial "
            "vehicles. Rough machining and UT in-house."
        ),
        "offer": "Press forging capacity 18,000 t/year.",
        "seek": "",
        "processes": [
            "closed-die-forging",
            "forging",
            "cnc-turning",
            "ultrasonic-testing",
            "hardening-tempering",
        ],
        "areas": ["ammunition-explosives"],
        "certificates": [
            ("munitions-india-registration", "2027-12-31"),
            ("iatf-16949", "2027-05-31"),
            ("iso-9001", "2027-05-31"),
        ],
        "verification": 2,
    },
    {
        "key": "kolhapur-forgings",
        "name": "Shiroli Forgings Pvt Ltd",
        "state": "MH",
        "pin": "416122",
        "size": "small",
        "description": (
            "Hot forging unit at Shiroli MIDC. Closed die drop forging (1.5 T to 5 T hammers, "
            "1000 T press) of tractor crankshafts, connecting rods and gear blanks; 105 mm "
            "shell forgings for Munitions India. In-house quench and temper."
        ),
        "offer": "",
        "seek": "",
        "processes": ["closed-die-forging", "hardening-tempering", "forging"],
        "areas": ["ammunition-explosives"],
        "certificates": [
            ("munitions-india-registration", "2027-08-31"),
            ("iatf-16949", "2027-11-30"),
            ("iso-9001", "2027-11-30"),
        ],
        "verification": 2,
    },
    {
        "key": "jamshedpur-forge",
        "name": "Adityapur Forge Works",
        "state": "JH",
        "pin": "831013",
        "size": "small",
        "description": (
            "Open die and closed die forgings – flanges, shafts, fuze bodies, gear blanks – "
            "up to 500 kg; seamless rolled rings."
        ),
        "offer": "",
        "seek": "",
        "processes": ["open-die-forging", "closed-die-forging", "ring-rolling"],
        "areas": ["ammunition-explosives"],
        "certificates": [
            ("munitions-india-registration", "2027-03-31"),
            ("iso-9001", "2027-03-31"),
        ],
        "verification": 1,
    },
    {
        "key": "rajkot-forge",
        "name": "Saurashtra Forge Industries",
        "state": "GJ",
        "pin": "360003",
        "size": "small",
        "description": (
            "Closed-die forgings of 155 mm and 130 mm shell bodies in EN19 and AISI 4340; also "
            "automobile crankshafts and connecting rods. MIL registration renewal under process."
        ),
        "offer": "",
        "seek": "",
        "processes": ["closed-die-forging", "forging", "cnc-turning", "hardening-tempering"],
        "areas": ["ammunition-explosives"],
        "certificates": [
            ("munitions-india-registration", "2026-03-31"),
            ("iatf-16949", "2027-02-28"),
            ("iso-9001", "2027-02-28"),
        ],
        "verification": 1,
    },
    {
        "key": "ludhiana-hand-tools",
        "name": "Punjab Forge Tools",
        "state": "PB",
        "pin": "141010",
        "size": "small",
        "description": (
            "Drop forged hand tools – spanners, pliers, hammers – and cold headed auto "
            "fasteners. Exports to Europe."
        ),
        "offer": "",
        "seek": "",
        "processes": ["closed-die-forging", "cold-forging"],
        "areas": [],
        "certificates": [("iso-9001", "2027-08-31"), ("export-house", "2028-03-31")],
        "verification": 0,
    },
    # --- Foundries, and things cast by hand -------------------------------------------------
    {
        "key": "kovai-foundry",
        "name": "Kovai Castings Pvt Ltd",
        "state": "TN",
        "pin": "641006",
        "size": "small",
        "description": (
            "Grey iron (FG 200/260) and SG iron castings 5–250 kg for pump housings, impellers "
            "and motor bodies; no-bake and green sand lines, 3,000 t/year melting, machining."
        ),
        "offer": "Pressure-tight pump castings, machined and hydro-tested.",
        "seek": "",
        "processes": ["sand-casting", "casting", "cnc-turning"],
        "areas": [],
        "certificates": [("iso-9001", "2027-09-30")],
        "verification": 2,
    },
    {
        "key": "belagavi-castings",
        "name": "Belgaum Ferrocast Ltd",
        "state": "KA",
        "pin": "590008",
        "size": "medium",
        "description": (
            "Automotive and tractor castings in grey and SG iron on a high pressure moulding "
            "line, 12,000 t/year. Exports to the US."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sand-casting", "casting"],
        "areas": [],
        "certificates": [("iatf-16949", "2027-08-31"), ("iso-14001", "2027-08-31")],
        "verification": 1,
    },
    {
        "key": "rajkot-micro-foundry",
        "name": "Shree Umiya Casting",
        "state": "GJ",
        "pin": "360024",
        "size": "micro",
        "description": (
            "Hum grey iron casting banate hain – diesel engine parts, pump body, pulley. "
            "20 saal ka anubhav. Cupola furnace, 40 ton per month."
        ),
        "offer": "",
        "seek": "",
        "processes": ["casting", "sand-casting"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "howrah-foundry",
        "name": "Liluah Iron Foundry",
        "state": "WB",
        "pin": "711101",
        "size": "small",
        "description": (
            "Grey iron castings – manhole covers, railway brake blocks, pipe fittings – from "
            "induction furnace. RDSO approved, ISI marked manhole covers."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sand-casting"],
        "areas": [],
        "certificates": [("rdso-approval", "2027-06-30"), ("bis-isi-licence", "2027-01-31")],
        "verification": 1,
    },
    {
        "key": "coimbatore-pump-maker",
        "name": "Sri Ranga Pumps",
        "state": "TN",
        "pin": "641021",
        "size": "small",
        "description": "Submersible and monoblock pumps for agriculture and domestic use.",
        "offer": "",
        "seek": "Grey iron castings for pump housings and impellers, 40 t a month.",
        "processes": ["assembly-integration", "coil-winding"],
        "areas": [],
        "certificates": [("bis-isi-licence", "2027-03-31")],
        "verification": 1,
    },
    {
        "key": "hyderabad-precicast",
        "name": "Precicast Alloys Hyderabad",
        "state": "TS",
        "pin": "500055",
        "size": "small",
        "description": (
            "Investment castings (lost wax) in 17-4PH stainless steel, aluminium A356 and "
            "cobalt alloys for missiles and aero; in-house X-ray radiography and heat "
            "treatment. BDL and DRDL supplier."
        ),
        "offer": "",
        "seek": "",
        "processes": ["investment-casting", "radiographic-testing", "heat-treatment"],
        "areas": ["missiles-rockets"],
        "certificates": [
            ("bdl-vendor-registration", "2027-10-31"),
            ("as9100d", "2026-02-28"),
            ("iso-9001", "2027-10-31"),
        ],
        "verification": 2,
    },
    {
        "key": "rajkot-investcast",
        "name": "Rajkot Investment Castings",
        "state": "GJ",
        "pin": "360003",
        "size": "small",
        "description": (
            "Precision investment casting for pump, valve and automobile parts in stainless "
            "steel and carbon steel, 0.05 to 40 kg."
        ),
        "offer": "",
        "seek": "",
        "processes": ["investment-casting"],
        "areas": [],
        "certificates": [("iso-9001", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "swamimalai-bronze",
        "name": "Swamimalai Bronze Icons",
        "state": "TN",
        "pin": "612302",
        "size": "micro",
        "description": (
            "Traditional bronze idol making by the lost wax (madhuchishtam) method: "
            "Chola-style Nataraja and deity idols, GI-tagged craft, three generations."
        ),
        "offer": "Custom idols to temple measurements.",
        "seek": "Export buyers.",
        "processes": ["casting"],
        "areas": [],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "moradabad-brass-art",
        "name": "Moradabad Brass Art Emporium",
        "state": "UP",
        "pin": "244001",
        "size": "micro",
        "description": (
            "Brass artware and handicrafts — sand casting, engraving, polishing and nickel "
            "plating of decorative items; exports through merchant exporters."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sand-casting", "electroplating"],
        "areas": [],
        "certificates": [("iec", None)],
        "verification": 0,
    },
    {
        "key": "jaipur-jewellery-cast",
        "name": "Johari Casting Studio",
        "state": "RJ",
        "pin": "302003",
        "size": "micro",
        "description": (
            "Jewellery casting job work: 3D resin printing of wax patterns (DLP) and lost-wax "
            "casting of gold and silver."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sla-printing", "investment-casting"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    # --- Die casting and moulds ---------------------------------------------------------
    {
        "key": "chakan-diecast",
        "name": "Chakan Diecast Technologies Pvt Ltd",
        "state": "MH",
        "pin": "410501",
        "size": "medium",
        "description": (
            "Aluminium high pressure die casting on 250–800 T Buhler and Toshiba machines: "
            "ADC12/A380 housings and covers for two-wheelers and Japanese OEMs, with in-house "
            "CNC machining and leak testing."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pressure-die-casting", "vmc-machining", "hmc-machining"],
        "areas": [],
        "certificates": [("iatf-16949", "2028-03-31"), ("iso-14001", "2028-03-31")],
        "verification": 2,
    },
    {
        "key": "manesar-alucast",
        "name": "Manesar Alucast",
        "state": "HR",
        "pin": "122050",
        "size": "small",
        "description": "Die casting HPDC + gravity. Auto parts. 400T cold chamber. Machining.",
        "offer": "",
        "seek": "",
        "processes": ["pressure-die-casting", "gravity-die-casting", "cnc-machining"],
        "areas": [],
        "certificates": [("iatf-16949", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "hosur-castings",
        "name": "Hosur Light Alloys",
        "state": "TN",
        "pin": "635109",
        "size": "small",
        "description": (
            "Gravity die casting and low pressure die casting of aluminium hubs and cylinder "
            "heads, T6 heat treatment."
        ),
        "offer": "",
        "seek": "",
        "processes": ["gravity-die-casting", "low-pressure-die-casting", "heat-treatment"],
        "areas": [],
        "certificates": [("iatf-16949", "2027-09-30")],
        "verification": 1,
    },
    {
        "key": "sriperumbudur-pdc",
        "name": "Sriperumbudur Pressure Diecasting Pvt Ltd",
        "state": "TN",
        "pin": "602105",
        "size": "small",
        "description": (
            "High pressure aluminium die casting (180–660 T) with CNC machining for Japanese "
            "and Korean auto OEMs; TPM practices, Japanese-speaking engineer on staff."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pressure-die-casting", "cnc-machining", "vmc-machining"],
        "areas": [],
        "certificates": [("iatf-16949", "2025-09-30"), ("iso-9001", "2027-03-31")],
        "verification": 2,
    },
    {
        "key": "pune-precision-moulds",
        "name": "Talawade Precision Moulds",
        "state": "MH",
        "pin": "411062",
        "size": "small",
        "description": (
            "Design and manufacture of injection moulds and die-casting dies; injection "
            "moulding (80–350 T) of automotive plastic parts."
        ),
        "offer": "",
        "seek": "",
        "processes": [
            "mould-making",
            "injection-moulding",
            "tool-and-die-making",
            "cad-cam-design",
        ],
        "areas": [],
        "certificates": [("iatf-16949", "2027-04-30")],
        "verification": 1,
    },
    # --- Composites, drones ------------------------------------------------------------
    {
        "key": "aerocomp-structures",
        "name": "Aerocomp Structures Pvt Ltd",
        "state": "KA",
        "pin": "560064",
        "size": "small",
        "description": (
            "Aerospace composite structures: prepreg layup, autoclave curing (2.5 m x 6 m "
            "autoclave), RTM and CNC trimming for UAV wings, radomes and helicopter fairings. "
            "HAL and ADE supplier."
        ),
        "offer": "Composite airframe build-to-print, tooling design.",
        "seek": "Foreign OEM partners for UAV structures (offset, JV).",
        "processes": [
            "carbon-fibre-layup",
            "autoclave-curing",
            "resin-transfer-moulding",
            "composites-manufacturing",
        ],
        "areas": ["uav", "advanced-materials"],
        "certificates": [
            ("as9100d", "2027-09-30"),
            ("hal-vendor-registration", "2027-09-30"),
            ("drdo-vendor-registration", "2028-01-31"),
        ],
        "verification": 2,
    },
    {
        "key": "fibrecraft-composites",
        "name": "Fibrecraft Composites",
        "state": "TS",
        "pin": "500039",
        "size": "small",
        "description": (
            "Carbon fibre airframes for drones – fixed wing and VTOL – by vacuum infusion and "
            "out-of-autoclave prepreg; moulds made in-house."
        ),
        "offer": "",
        "seek": "",
        "processes": ["carbon-fibre-layup", "resin-transfer-moulding", "mould-making"],
        "areas": ["uav", "drones-unmanned-platforms"],
        "certificates": [("iso-9001", "2027-02-28"), ("startup-india-dpiit", "2031-06-30")],
        "verification": 1,
    },
    {
        "key": "vayu-drones",
        "name": "Vayu Drone Systems",
        "state": "TN",
        "pin": "600032",
        "size": "small",
        "description": (
            "Drone OEM: surveillance quadcopters and fixed-wing mapping UAVs. Airframes and "
            "autopilot integration in-house; carbon composite parts made in our workshop."
        ),
        "offer": "Agri spraying drones and mapping drones, training of pilots.",
        "seek": "",
        "processes": [
            "composites-manufacturing",
            "assembly-integration",
            "embedded-systems-design",
        ],
        "areas": ["uav", "drones-unmanned-platforms", "agri-tech"],
        "certificates": [("iso-9001", "2027-01-31"), ("startup-india-dpiit", "2030-03-31")],
        "verification": 1,
    },
    {
        "key": "sai-frp-industries",
        "name": "Sai FRP Industries",
        "state": "MH",
        "pin": "401208",
        "size": "micro",
        "description": (
            "FRP/GRP hand lay-up products – water tanks, cooling tower parts, chemical tank "
            "lining, FRP gratings."
        ),
        "offer": "",
        "seek": "",
        "processes": ["composites-manufacturing"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "composite-fish-farming",
        "name": "Kolleru Aqua Farms",
        "state": "AP",
        "pin": "521333",
        "size": "micro",
        "description": (
            "Composite fish culture (rohu, catla, mrigal) in 40 acres of ponds at Kaikaluru; "
            "fingerling supply and pond management consultancy."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["agri-tech"],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "kisan-drones-odisha",
        "name": "Kisan Drone Services Odisha",
        "state": "OD",
        "pin": "751010",
        "size": "micro",
        "description": (
            "Agri-drone spraying service (किसान ड्रोन) for paddy and vegetables across coastal "
            "Odisha: 12 DGCA type-certified drones and certified remote pilots."
        ),
        "offer": "Per-acre spraying of pesticides and nano urea.",
        "seek": "",
        "processes": [],
        "areas": ["agri-tech", "uav"],
        "certificates": [("startup-india-dpiit", "2032-01-31")],
        "verification": 1,
    },
    {
        "key": "wedding-drone-photo",
        "name": "SkyShot Studios",
        "state": "OD",
        "pin": "753001",
        "size": "micro",
        "description": (
            "Drone photography and videography for weddings, events and real estate shoots in "
            "Cuttack and Bhubaneswar. Cinematic FPV shots."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["uav"],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "utkal-agri-services",
        "name": "Utkal Agri Custom Hiring Centre",
        "state": "OD",
        "pin": "768001",
        "size": "micro",
        "description": (
            "Custom hiring of tractors, paddy transplanters, combine harvesters and power "
            "sprayers for farmers in Sambalpur and Bargarh."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["agri-tech"],
        "certificates": [],
        "verification": 1,
    },
    # --- Counter-drone, AI, electro-optics -----------------------------------------------------
    {
        "key": "skyshield-systems",
        "name": "SkyShield Defence Systems Pvt Ltd",
        "state": "TS",
        "pin": "500032",
        "size": "medium",
        "description": (
            "Counter-UAS systems: RF detection, radar integration, EO tracking and jamming; "
            "supplied to paramilitary forces and airports."
        ),
        "offer": "",
        "seek": "",
        "processes": ["embedded-systems-design", "box-build"],
        "areas": ["counter-drone", "electronic-warfare", "radar"],
        "certificates": [("iso-9001", "2027-07-31"), ("drdo-vendor-registration", "2027-07-31")],
        "verification": 2,
    },
    {
        "key": "netra-cuas",
        "name": "Netra C-UAS Technologies",
        "state": "KA",
        "pin": "560066",
        "size": "micro",
        "description": (
            "Deep-tech startup building passive RF drone detection and direction finding on "
            "SDR, and a portable drone jammer (soft kill). Field trials with the Army in 2025."
        ),
        "offer": "",
        "seek": "Funding and user trials.",
        "processes": ["embedded-systems-design"],
        "areas": ["counter-drone", "communication-systems", "electronic-warfare"],
        "certificates": [("startup-india-dpiit", "2033-03-31")],
        "verification": 1,
    },
    {
        "key": "drishti-ai-vision",
        "name": "Drishti AI Vision Labs",
        "state": "KA",
        "pin": "560100",
        "size": "micro",
        "description": (
            "Computer vision for defence and security: detection and tracking of people, "
            "vehicles and small drones in EO/IR video, on edge devices (Jetson), works offline. "
            "iDEX SPARK winner."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["ai-ml", "electro-optics", "counter-drone"],
        "certificates": [("startup-india-dpiit", "2032-09-30")],
        "verification": 1,
    },
    {
        "key": "optronix-eo",
        "name": "Optronix EO Systems",
        "state": "UK",
        "pin": "248001",
        "size": "small",
        "description": (
            "Electro-optical systems: thermal imaging cameras, day sights, laser range finder "
            "integration; supplier to IRDE and OLF Dehradun."
        ),
        "offer": "",
        "seek": "",
        "processes": ["assembly-integration"],
        "areas": ["electro-optics"],
        "certificates": [
            ("iol-registration", "2027-05-31"),
            ("drdo-vendor-registration", "2027-05-31"),
        ],
        "verification": 2,
    },
    {
        "key": "jk-security-systems",
        "name": "J&K Security Systems",
        "state": "JK",
        "pin": "180004",
        "size": "micro",
        "description": (
            "CCTV, PTZ cameras, access control and perimeter lighting installation in Jammu; "
            "AMC for government offices."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("gem-seller", None)],
        "verification": 0,
    },
    {
        "key": "chatpata-ai",
        "name": "Chatpata AI",
        "state": "HR",
        "pin": "122002",
        "size": "micro",
        "description": (
            "AI chatbot and WhatsApp ordering for restaurants and cloud kitchens; machine "
            "learning menu recommendations."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["ai-ml"],
        "certificates": [("startup-india-dpiit", "2031-01-31")],
        "verification": 0,
    },
    # --- Defence electronics, RF, harness --------------------------------------------------
    {
        "key": "vyom-defence-electronics",
        "name": "Vyom Defence Electronics Pvt Ltd",
        "state": "KA",
        "pin": "560058",
        "size": "small",
        "description": (
            "Build-to-print and indigenisation of defence electronics: SMT/THT assembly to "
            "IPC-A-610 Class 3, box build, harnessing and ATP of LRUs for radar and EW "
            "programmes; reverse engineering of obsolete cards."
        ),
        "offer": "Indigenisation of imported LRUs and cards, including obsolescence management.",
        "seek": "",
        "processes": [
            "pcb-assembly",
            "smt-assembly",
            "through-hole-assembly",
            "box-build",
            "reverse-engineering",
            "conformal-coating-potting",
        ],
        "areas": ["radar", "electronic-warfare"],
        "certificates": [
            ("bel-vendor-registration", "2028-03-31"),
            ("drdo-vendor-registration", "2027-09-30"),
            ("iso-9001", "2027-09-30"),
        ],
        "verification": 2,
    },
    {
        "key": "sai-avionics-systems",
        "name": "Sai Avionics Systems",
        "state": "TS",
        "pin": "500076",
        "size": "small",
        "description": (
            "Design and build of rugged LRUs, power supplies and cable assemblies for DRDO labs "
            "(LRDE, DLRL, RCI): hardware, FPGA firmware and ATE."
        ),
        "offer": "",
        "seek": "",
        "processes": ["box-build", "cable-assembly", "embedded-systems-design", "pcb-assembly"],
        "areas": ["radar", "avionics", "embedded-systems"],
        "certificates": [
            ("drdo-vendor-registration", "2027-11-30"),
            ("bel-vendor-registration", "2027-11-30"),
            ("iso-9001", "2027-11-30"),
        ],
        "verification": 2,
    },
    {
        "key": "trinetra-rf",
        "name": "Trinetra RF & Microwave",
        "state": "TS",
        "pin": "500062",
        "size": "small",
        "description": (
            "RF and microwave sub-systems up to 18 GHz: T/R modules, LNAs, power amplifiers, "
            "RF front ends, phase-matched cable sets and jammers for radar and EW."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pcb-assembly", "assembly-integration", "cable-assembly"],
        "areas": ["radar", "electronic-warfare", "communication-systems"],
        "certificates": [("drdo-vendor-registration", "2028-02-28"), ("iso-9001", "2027-04-30")],
        "verification": 2,
    },
    {
        "key": "rf-connect-hyderabad",
        "name": "RF Connect Interconnects",
        "state": "TS",
        "pin": "500062",
        "size": "small",
        "description": (
            "Semi-rigid and flexible RF coaxial cable assemblies to 26.5 GHz, phase matched, "
            "SMA/TNC/N; supplied to DLRL and BEL for EW suites."
        ),
        "offer": "",
        "seek": "",
        "processes": ["cable-assembly"],
        "areas": ["electronic-warfare", "communication-systems"],
        "certificates": [("drdo-vendor-registration", "2026-01-31"), ("iso-9001", "2027-01-31")],
        "verification": 1,
    },
    {
        "key": "microwave-interconnects",
        "name": "Microwave Interconnects India",
        "state": "KA",
        "pin": "560048",
        "size": "small",
        "description": (
            "RF coaxial cable assemblies, phase matched, up to 40 GHz; SMA, TNC, N, SMP; "
            "flexible and semi-rigid, for EW, radar and satcom."
        ),
        "offer": "",
        "seek": "",
        "processes": ["cable-assembly"],
        "areas": ["electronic-warfare", "communication-systems", "radar"],
        "certificates": [("drdo-vendor-registration", "2027-08-31"), ("iso-9001", "2027-08-31")],
        "verification": 1,
    },
    {
        "key": "pragati-ems",
        "name": "Pragati EMS Ltd",
        "state": "UP",
        "pin": "201301",
        "size": "medium",
        "description": (
            "EMS provider: four SMT lines, BGA, box build for consumer electronics, smart "
            "meters and LED drivers; 2 million boards a month."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pcb-assembly", "smt-assembly", "through-hole-assembly", "box-build"],
        "areas": [],
        "certificates": [
            ("iso-9001", "2027-12-31"),
            ("iso-14001", "2027-12-31"),
            ("bis-crs", "2027-12-31"),
        ],
        "verification": 1,
    },
    {
        "key": "antariksh-ems",
        "name": "Antariksh Space Electronics",
        "state": "KA",
        "pin": "560099",
        "size": "small",
        "description": (
            "Space-qualified electronics assembly: flight PCB assemblies for satellites to "
            "ECSS-Q-ST-70-38 and IPC Class 3 in an ESD-controlled clean room, conformal "
            "coating, X-ray inspection; ISRO-certified operators."
        ),
        "offer": "",
        "seek": "",
        "processes": ["smt-assembly", "pcb-assembly", "conformal-coating-potting"],
        "areas": ["space"],
        "certificates": [("as9100d", "2027-12-31"), ("iso-9001", "2027-12-31")],
        "verification": 2,
    },
    {
        "key": "pcb-trading",
        "name": "Bhagirath Electronics Traders",
        "state": "DL",
        "pin": "110006",
        "size": "micro",
        "description": (
            "Trading of PCBs, electronic components, ICs and connectors, imported from China; "
            "same day delivery in Delhi NCR. We do not manufacture."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pcb-assembly"],
        "areas": [],
        "certificates": [("gem-seller", None)],
        "verification": 0,
    },
    {
        "key": "speedtrap-radar-traders",
        "name": "Speedtrap Radar Traders",
        "state": "MH",
        "pin": "400007",
        "size": "micro",
        "description": (
            "Authorised reseller of radar speed guns, speed display boards and traffic "
            "enforcement cameras for police and highways."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["radar"],
        "certificates": [("gem-seller", None)],
        "verification": 0,
    },
    {
        "key": "harness-tech",
        "name": "HarnessTech Systems",
        "state": "MH",
        "pin": "411018",
        "size": "small",
        "description": (
            "Wire harnesses and cable looms for defence and railways – MIL-DTL-38999 "
            "connectors, potting, over-braiding. BEL and VRDE supplier."
        ),
        "offer": "",
        "seek": "",
        "processes": ["wire-harness", "cable-assembly", "conformal-coating-potting"],
        "areas": ["armoured-vehicles"],
        "certificates": [
            ("avnl-registration", "2027-06-30"),
            ("bel-vendor-registration", "2027-06-30"),
            ("rdso-approval", "2027-06-30"),
            ("iso-9001", "2027-06-30"),
        ],
        "verification": 2,
    },
    {
        "key": "avadi-harness-systems",
        "name": "Avadi Harness Systems",
        "state": "TN",
        "pin": "600054",
        "size": "small",
        "description": (
            "Wiring harness and electrical looms for tanks (T-72, T-90), BMP-2 and Arjun; "
            "approved source of HVF Avadi for 15 years."
        ),
        "offer": "",
        "seek": "",
        "processes": ["wire-harness", "cable-assembly"],
        "areas": ["armoured-vehicles"],
        "certificates": [
            ("avnl-registration", "2027-03-31"),
            ("dgqa-registration", "2027-03-31"),
            ("iso-9001", "2027-03-31"),
        ],
        "verification": 2,
    },
    {
        "key": "jabalpur-cable-looms",
        "name": "Narmada Cable Looms",
        "state": "MP",
        "pin": "482002",
        "size": "small",
        "description": (
            "Cable looms and harnesses for military trucks and armoured vehicles, supplier to "
            "VFJ and HVF; MIL connectors, heat shrink boots."
        ),
        "offer": "",
        "seek": "",
        "processes": ["wire-harness", "cable-assembly"],
        "areas": ["armoured-vehicles"],
        "certificates": [("avnl-registration", "2026-02-28"), ("iso-9001", "2027-02-28")],
        "verification": 1,
    },
    {
        "key": "autoharness-manesar",
        "name": "AutoHarness India",
        "state": "HR",
        "pin": "122050",
        "size": "medium",
        "description": "Automotive wiring harness for two-wheelers and cars, 3 plants.",
        "offer": "",
        "seek": "",
        "processes": ["wire-harness"],
        "areas": [],
        "certificates": [("iatf-16949", "2027-09-30")],
        "verification": 1,
    },
    {
        "key": "kanpur-defence-electricals",
        "name": "Kanpur Defence Electricals",
        "state": "UP",
        "pin": "208022",
        "size": "small",
        "description": (
            "Electrical control panels and junction boxes, some cable assemblies, for "
            "ordnance factories and AVNL units."
        ),
        "offer": "",
        "seek": "",
        "processes": ["electrical-panel-fabrication", "cable-assembly"],
        "areas": ["armoured-vehicles"],
        "certificates": [
            ("avnl-registration", "2027-09-30"),
            ("ordnance-dpsu-registration", "2027-09-30"),
        ],
        "verification": 1,
    },
    {
        "key": "sri-sai-cable-network",
        "name": "Sri Sai Cable Network",
        "state": "AP",
        "pin": "522001",
        "size": "micro",
        "description": "Cable TV and broadband operator in Guntur; fibre laying, set top boxes.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["telecom-5g"],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "avisoft-systems",
        "name": "Avisoft Systems Pvt Ltd",
        "state": "KA",
        "pin": "560103",
        "size": "small",
        "description": (
            "Safety-critical avionics software to DO-178C DAL A–C: requirements, design, "
            "coding, MC/DC verification and tool qualification; ARINC 653 RTOS ports, mission "
            "computer and display software for HAL and ADA."
        ),
        "offer": "",
        "seek": "",
        "processes": ["embedded-systems-design"],
        "areas": ["avionics", "embedded-systems"],
        "certificates": [
            ("as9100d", "2027-05-31"),
            ("cemilac-approval", "2027-12-31"),
            ("cmmi", "2027-02-28"),
        ],
        "verification": 2,
    },
    {
        "key": "meterlink-iot",
        "name": "MeterLink IoT",
        "state": "GJ",
        "pin": "380015",
        "size": "micro",
        "description": (
            "IoT firmware and hardware for smart water meters – STM32, LoRaWAN, NB-IoT – and "
            "cloud dashboards."
        ),
        "offer": "",
        "seek": "",
        "processes": ["embedded-systems-design"],
        "areas": ["iot-industry-4", "embedded-systems"],
        "certificates": [("startup-india-dpiit", "2031-08-31")],
        "verification": 0,
    },
    {
        "key": "skyparts-aviation",
        "name": "SkyParts Aviation Traders",
        "state": "DL",
        "pin": "110037",
        "size": "micro",
        "description": "Aircraft spares trading and AOG support; avionics LRU exchange and repair "
        "coordination with foreign MROs.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["avionics"],
        "certificates": [("iec", None)],
        "verification": 0,
    },
    {
        "key": "webmantra-it",
        "name": "WebMantra IT Solutions",
        "state": "RJ",
        "pin": "302017",
        "size": "small",
        "description": (
            "Websites, mobile apps and ERP customisation for SMEs; digital marketing and hosting."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("iso-27001", "2027-06-30"), ("iso-9001", "2027-06-30")],
        "verification": 0,
    },
    # --- Test labs ------------------------------------------------------------------------
    {
        "key": "emcq-labs",
        "name": "EMCQ Test Labs",
        "state": "KA",
        "pin": "560058",
        "size": "small",
        "description": (
            "NABL accredited EMI/EMC test laboratory: MIL-STD-461 E/F/G (CE, CS, RE, RS up to "
            "40 GHz) and RTCA DO-160, 10 m semi-anechoic chamber; environmental tests to "
            "MIL-STD-810."
        ),
        "offer": "",
        "seek": "",
        "processes": ["emi-emc-testing", "environmental-testing"],
        "areas": [],
        "certificates": [("nabl-accreditation", "2027-08-31"), ("iso-iec-17025", "2027-08-31")],
        "verification": 2,
    },
    {
        "key": "pune-test-house",
        "name": "Pune Test House",
        "state": "MH",
        "pin": "411026",
        "size": "small",
        "description": (
            "Testing for automotive and electronics: EMC to CISPR 25 and IEC 61000, MIL-STD-461 "
            "conducted tests only, vibration and climatic chambers."
        ),
        "offer": "",
        "seek": "",
        "processes": ["emi-emc-testing", "environmental-testing"],
        "areas": [],
        "certificates": [("nabl-accreditation", "2027-01-31"), ("iso-iec-17025", "2027-01-31")],
        "verification": 1,
    },
    {
        "key": "env-test-hyderabad",
        "name": "Deccan Environmental Test Facility",
        "state": "TS",
        "pin": "500037",
        "size": "small",
        "description": (
            "Vibration, shock, humidity, salt fog and altitude testing to MIL-STD-810 and "
            "JSS 55555; NABL accredited."
        ),
        "offer": "",
        "seek": "",
        "processes": ["environmental-testing"],
        "areas": [],
        "certificates": [("nabl-accreditation", "2027-05-31")],
        "verification": 1,
    },
    {
        "key": "delta-emc",
        "name": "Delta EMC Compliance Lab",
        "state": "UP",
        "pin": "201301",
        "size": "small",
        "description": (
            "EMI/EMC compliance lab: full MIL-STD-461G suite, 3 m and 10 m chambers; DRDO and "
            "BEL approved."
        ),
        "offer": "",
        "seek": "",
        "processes": ["emi-emc-testing"],
        "areas": [],
        "certificates": [("nabl-accreditation", "2026-01-15"), ("iso-iec-17025", "2026-01-15")],
        "verification": 2,
    },
    {
        "key": "filtron-components",
        "name": "Filtron Components",
        "state": "MH",
        "pin": "422007",
        "size": "small",
        "description": (
            "EMI/EMC filters, power line filters and feedthrough capacitors for defence and "
            "industrial equipment."
        ),
        "offer": "",
        "seek": "",
        "processes": ["coil-winding", "assembly-integration"],
        "areas": ["power-electronics"],
        "certificates": [("iso-9001", "2027-03-31")],
        "verification": 1,
    },
    # --- Cybersecurity --------------------------------------------------------------------
    {
        "key": "kavach-cyber",
        "name": "Kavach Cyber Defence",
        "state": "MH",
        "pin": "411057",
        "size": "small",
        "description": (
            "CERT-In empanelled cybersecurity auditor: VAPT, red teaming, 24x7 SOC, ISO 27001 "
            "implementation and OT/ICS security assessments."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["cybersecurity"],
        "certificates": [("iso-27001", "2027-10-31"), ("iso-9001", "2027-10-31")],
        "verification": 2,
    },
    {
        "key": "securenet-noida",
        "name": "SecureNet Managed Services",
        "state": "UP",
        "pin": "201309",
        "size": "small",
        "description": (
            "Managed security services – SOC, SIEM, endpoint protection, VAPT – for banks and PSUs."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["cybersecurity"],
        "certificates": [("iso-27001", "2027-02-28"), ("cmmi", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "cyberdurg",
        "name": "CyberDurg Security Labs",
        "state": "TS",
        "pin": "500081",
        "size": "micro",
        "description": (
            "VAPT, web application and network security audits, CERT-In empanelled; ISO 27001 "
            "lead auditors; OT security for power utilities."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["cybersecurity"],
        "certificates": [("iso-27001", "2026-06-30")],
        "verification": 1,
    },
    {
        "key": "automatrix-iiot",
        "name": "Automatrix IIoT Solutions",
        "state": "GJ",
        "pin": "390010",
        "size": "small",
        "description": (
            "SCADA, PLC and IIoT integration for process plants; OT network design and "
            "IEC 62443 security assessments."
        ),
        "offer": "",
        "seek": "",
        "processes": ["electrical-panel-fabrication"],
        "areas": ["iot-industry-4", "cybersecurity"],
        "certificates": [("iso-27001", "2027-08-31"), ("iso-9001", "2027-08-31")],
        "verification": 1,
    },
    # --- Surface treatment ---------------------------------------------------------------
    {
        "key": "peenya-surface-finishers",
        "name": "Peenya Surface Finishers",
        "state": "KA",
        "pin": "560058",
        "size": "small",
        "description": (
            "Hard anodising (Type III), chromic and sulphuric anodising, Alodine 1200 and "
            "electroless nickel for aerospace and defence electronics chassis; BEL and HAL "
            "approved process source."
        ),
        "offer": "",
        "seek": "",
        "processes": ["hard-anodising", "anodising", "conversion-coating", "electroplating"],
        "areas": [],
        "certificates": [
            ("bel-vendor-registration", "2027-09-30"),
            ("nadcap", "2027-02-28"),
            ("iso-9001", "2027-09-30"),
        ],
        "verification": 2,
    },
    {
        "key": "hosur-platers",
        "name": "Hosur Electroplaters",
        "state": "TN",
        "pin": "635109",
        "size": "small",
        "description": (
            "Zinc, nickel and chrome electroplating, decorative anodising and powder coating "
            "for auto and appliance parts."
        ),
        "offer": "",
        "seek": "",
        "processes": ["electroplating", "anodising", "powder-coating"],
        "areas": [],
        "certificates": [("iso-9001", "2027-05-31")],
        "verification": 1,
    },
    {
        "key": "hyderabad-anodisers",
        "name": "Hyderabad Anodisers",
        "state": "TS",
        "pin": "500055",
        "size": "small",
        "description": (
            "Hard anodising and chromate conversion coating to MIL-A-8625 and MIL-DTL-5541 for "
            "DRDO labs and BDL."
        ),
        "offer": "",
        "seek": "",
        "processes": ["hard-anodising", "conversion-coating"],
        "areas": [],
        "certificates": [("bdl-vendor-registration", "2027-07-31"), ("iso-9001", "2027-07-31")],
        "verification": 2,
    },
    {
        "key": "coimbatore-powder-coat",
        "name": "Kovai Powder Coaters",
        "state": "TN",
        "pin": "641021",
        "size": "micro",
        "description": "Powder coating and phosphating job work on a conveyorised line.",
        "offer": "",
        "seek": "",
        "processes": ["powder-coating", "conversion-coating"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    # --- Sheet metal and fabrication -----------------------------------------------------
    {
        "key": "peenya-sheetmetal",
        "name": "Nagasandra Precision Sheet Metal",
        "state": "KA",
        "pin": "560073",
        "size": "small",
        "description": (
            "Precision sheet metal: fibre laser, Amada turret punch and press brakes, PEM "
            "insertion, TIG welding and powder coating; 19-inch racks, chassis and enclosures "
            "with EMI gaskets for defence electronics and telecom."
        ),
        "offer": "",
        "seek": "",
        "processes": [
            "sheet-metal-fabrication",
            "laser-cutting",
            "cnc-punching",
            "cnc-bending",
            "powder-coating",
            "tig-welding",
        ],
        "areas": [],
        "certificates": [
            ("bel-vendor-registration", "2027-12-31"),
            ("iso-9001", "2027-12-31"),
        ],
        "verification": 2,
    },
    {
        "key": "tele-racks",
        "name": "TeleRacks India",
        "state": "PB",
        "pin": "160055",
        "size": "small",
        "description": (
            'Telecom and server racks, outdoor cabinets and 19" sub-racks; sheet metal with '
            "powder coating."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sheet-metal-fabrication", "cnc-bending", "powder-coating"],
        "areas": ["telecom-5g"],
        "certificates": [("iso-9001", "2027-01-31")],
        "verification": 1,
    },
    {
        "key": "faridabad-enclosures",
        "name": "Faridabad Switchgear Enclosures",
        "state": "HR",
        "pin": "121003",
        "size": "small",
        "description": (
            "Electrical panel enclosures, LT panels and junction boxes in CRCA sheet, powder "
            "coated."
        ),
        "offer": "",
        "seek": "",
        "processes": [
            "electrical-panel-fabrication",
            "sheet-metal-fabrication",
            "powder-coating",
        ],
        "areas": [],
        "certificates": [("iso-9001", "2027-02-28")],
        "verification": 1,
    },
    {
        "key": "bhosari-fab",
        "name": "Bhosari Heavy Fabricators",
        "state": "MH",
        "pin": "411026",
        "size": "small",
        "description": (
            "Heavy structural fabrication: MS structures, skids and pressure vessels up to "
            "20 t; SAW and MIG welding."
        ),
        "offer": "",
        "seek": "",
        "processes": ["structural-fabrication", "mig-welding", "submerged-arc-welding"],
        "areas": [],
        "certificates": [("iso-3834", "2027-06-30"), ("asme-certification", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "roofing-sheets-kochi",
        "name": "Malabar Roofing Solutions",
        "state": "KL",
        "pin": "682018",
        "size": "micro",
        "description": (
            "Dealers of colour coated roofing sheets, GI sheets and purlins; installation of "
            "metal roofing for homes and godowns."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sheet-metal-fabrication"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "kochi-ship-blocks",
        "name": "Cochin Marine Fabricators",
        "state": "KL",
        "pin": "682015",
        "size": "small",
        "description": (
            "Hull block fabrication, piping and outfitting for Cochin Shipyard; structural "
            "welding of ship blocks."
        ),
        "offer": "",
        "seek": "",
        "processes": ["structural-fabrication", "welding"],
        "areas": ["naval-systems"],
        "certificates": [("shipyard-vendor-registration", "2027-08-31")],
        "verification": 1,
    },
    {
        "key": "sri-balaji-process-equipment",
        "name": "Sri Balaji Process Equipment",
        "state": "MH",
        "pin": "416416",
        "size": "small",
        "description": (
            "SS process equipment: evaporators, crystallisers, heat exchangers and tanks for "
            "sugar, distillery and dairy plants."
        ),
        "offer": "",
        "seek": "",
        "processes": ["structural-fabrication", "tig-welding"],
        "areas": [],
        "certificates": [("asme-certification", "2027-03-31")],
        "verification": 1,
    },
    # --- Plastics and rubber -------------------------------------------------------------
    {
        "key": "noida-plastomoulds",
        "name": "Noida Plastomoulds Pvt Ltd",
        "state": "UP",
        "pin": "201305",
        "size": "small",
        "description": (
            "Plastic injection moulding on 80–450 T machines for air coolers, washing machines "
            "and fans (PP, ABS, HIPS); in-house tool room and pad printing."
        ),
        "offer": "",
        "seek": "",
        "processes": ["injection-moulding", "mould-making"],
        "areas": [],
        "certificates": [("iso-9001", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "rajkot-polymers",
        "name": "Jay Khodiyar Polymers",
        "state": "GJ",
        "pin": "360003",
        "size": "micro",
        "description": (
            "Injection moulding job work upto 250 ton. Household plastic items, kitchenware. "
            "Recycled granules bhi use karte hain."
        ),
        "offer": "",
        "seek": "",
        "processes": ["injection-moulding"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "medi-mould",
        "name": "MediMould Baddi",
        "state": "HP",
        "pin": "173205",
        "size": "small",
        "description": (
            "Clean-room injection moulding of medical device components: syringe parts, IV set "
            "components, diagnostic cartridges."
        ),
        "offer": "",
        "seek": "",
        "processes": ["injection-moulding"],
        "areas": ["med-tech"],
        "certificates": [("iso-13485", "2027-06-30"), ("iso-9001", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "jal-roto-tanks",
        "name": "Jal Roto Tanks",
        "state": "RJ",
        "pin": "302013",
        "size": "small",
        "description": "Rotomoulded water tanks, loft tanks and dustbins, ISI marked.",
        "offer": "",
        "seek": "",
        "processes": ["rotational-moulding"],
        "areas": [],
        "certificates": [("bis-isi-licence", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "sealwell-polymers",
        "name": "Sealwell Polymers",
        "state": "MH",
        "pin": "400604",
        "size": "small",
        "description": (
            "Rubber seals, O-rings, diaphragms and gaskets in nitrile, neoprene, Viton and EPDM "
            "to JSS and NES specifications; MDL and Naval Dockyard approved."
        ),
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": ["naval-systems"],
        "certificates": [
            ("shipyard-vendor-registration", "2027-10-31"),
            ("iso-9001", "2027-10-31"),
        ],
        "verification": 2,
    },
    {
        "key": "goa-marine-rubber",
        "name": "Verna Marine Rubber Products",
        "state": "GA",
        "pin": "403722",
        "size": "small",
        "description": (
            "Rubber to metal bonded parts, anti-vibration mounts and some seals for ships; "
            "GSL registered."
        ),
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": ["naval-systems"],
        "certificates": [("shipyard-vendor-registration", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "polymech-kolkata",
        "name": "Polymech Engineers",
        "state": "WB",
        "pin": "700088",
        "size": "small",
        "description": (
            "Rubber and PU moulded components: hatch seals, watertight door gaskets and "
            "cable gland seals for GRSE-built warships."
        ),
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": ["naval-systems"],
        "certificates": [("shipyard-vendor-registration", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "vizag-seals",
        "name": "Eastern Naval Seals",
        "state": "AP",
        "pin": "530012",
        "size": "small",
        "description": (
            "Seals, O-rings and gland packings for submarines and ships of the Eastern Naval "
            "Command; moulded to NRB drawings."
        ),
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": ["naval-systems"],
        "certificates": [
            ("shipyard-vendor-registration", "2025-11-30"),
            ("iso-9001", "2027-11-30"),
        ],
        "verification": 2,
    },
    {
        "key": "kottayam-rubber-mats",
        "name": "Kottayam Rubber Mats",
        "state": "KL",
        "pin": "686001",
        "size": "micro",
        "description": "Natural rubber mats, coir-rubber doormats and rubber sheets.",
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "waluj-auto-rubber",
        "name": "Waluj Auto Rubber",
        "state": "MH",
        "pin": "431136",
        "size": "small",
        "description": "Rubber bushes, hoses and seals for automotive OEMs.",
        "offer": "",
        "seek": "",
        "processes": ["rubber-moulding"],
        "areas": [],
        "certificates": [("iatf-16949", "2027-05-31")],
        "verification": 1,
    },
    # --- Additive manufacturing ----------------------------------------------------------
    {
        "key": "printmetal-3d",
        "name": "PrintMetal 3D",
        "state": "KA",
        "pin": "560099",
        "size": "small",
        "description": (
            "Metal additive manufacturing service: LPBF on EOS M290 and SLM 280 in Ti6Al4V, "
            "Inconel 718 and AlSi10Mg; HIP and CT scanning through partners; design for AM."
        ),
        "offer": "",
        "seek": "",
        "processes": ["metal-am-slm-dmls", "additive-manufacturing", "cad-cam-design"],
        "areas": ["additive-manufacturing", "space"],
        "certificates": [
            ("as9100d", "2027-11-30"),
            ("iso-9001", "2027-11-30"),
            ("drdo-vendor-registration", "2027-11-30"),
        ],
        "verification": 2,
    },
    {
        "key": "additive-labs-pune",
        "name": "Additive Labs",
        "state": "MH",
        "pin": "411008",
        "size": "micro",
        "description": (
            "Research spin-off doing wire arc additive manufacturing and laser metal deposition "
            "of large titanium and steel preforms."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["additive-manufacturing", "advanced-materials"],
        "certificates": [("startup-india-dpiit", "2032-04-30")],
        "verification": 1,
    },
    {
        "key": "proto3d-bureau",
        "name": "Proto3D Bureau",
        "state": "TN",
        "pin": "641014",
        "size": "micro",
        "description": "3D printing service: FDM, SLA and SLS nylon prototypes, same-day quotes.",
        "offer": "",
        "seek": "",
        "processes": ["fdm-printing", "sla-printing", "sls-mjf-printing", "rapid-prototyping"],
        "areas": ["additive-manufacturing", "rapid-prototyping"],
        "certificates": [],
        "verification": 0,
    },
    # --- E-waste, solar, battery and plastic recycling ------------------------------------
    {
        "key": "ecoreclaim-recyclers",
        "name": "EcoReclaim Recyclers Pvt Ltd",
        "state": "UP",
        "pin": "201306",
        "size": "medium",
        "description": (
            "CPCB authorised e-waste recycler (12,000 TPA): collection, dismantling, "
            "segregation and shredding of IT and consumer electronics, EPR compliance for "
            "producers. A small Li-ion battery dismantling line."
        ),
        "offer": "EPR certificates, reverse logistics in 22 states.",
        "seek": "Technology partner for metal recovery from PCBs (hydrometallurgy).",
        "processes": ["e-waste-recycling", "battery-recycling"],
        "areas": ["e-waste-recycling", "battery-recycling", "green-technology"],
        "certificates": [
            ("cpcb-epr-registration", "2027-12-31"),
            ("spcb-consent", "2027-03-31"),
            ("iso-14001", "2027-03-31"),
            ("iso-45001", "2027-03-31"),
        ],
        "verification": 2,
    },
    {
        "key": "hariyali-ewaste",
        "name": "Hariyali E-Waste Management",
        "state": "KA",
        "pin": "560105",
        "size": "small",
        "description": (
            "E-waste dismantling unit in Jigani, KSPCB authorised. We sell PCBs and scrap to "
            "refiners; want to set up our own metal recovery."
        ),
        "offer": "",
        "seek": "Licence of PCB refining technology.",
        "processes": ["e-waste-recycling"],
        "areas": ["e-waste-recycling"],
        "certificates": [
            ("spcb-consent", "2027-06-30"),
            ("cpcb-epr-registration", "2027-06-30"),
        ],
        "verification": 1,
    },
    {
        "key": "urban-mine-tech",
        "name": "UrbanMine Technologies",
        "state": "TS",
        "pin": "500032",
        "size": "micro",
        "description": (
            "Startup developing bio-leaching and hydrometallurgical recovery of copper, gold and "
            "rare earths from e-waste; pilot plant of 100 kg a day."
        ),
        "offer": "",
        "seek": "Scale-up partners and feedstock.",
        "processes": [],
        "areas": ["e-waste-recycling", "circular-biotech"],
        "certificates": [("startup-india-dpiit", "2032-02-28")],
        "verification": 1,
    },
    {
        "key": "battery-loop",
        "name": "BatteryLoop Recycling",
        "state": "TS",
        "pin": "502307",
        "size": "small",
        "description": (
            "Lithium-ion battery recycling: discharging, shredding, black mass and "
            "hydrometallurgical recovery of lithium, cobalt and nickel; registered under the "
            "Battery Waste Management Rules."
        ),
        "offer": "",
        "seek": "Cell makers and pack assemblers with production scrap.",
        "processes": ["battery-recycling"],
        "areas": ["battery-recycling", "ev-batteries"],
        "certificates": [
            ("cpcb-epr-registration", "2027-09-30"),
            ("spcb-consent", "2027-09-30"),
        ],
        "verification": 2,
    },
    {
        "key": "jai-ambe-lead-smelters",
        "name": "Jai Ambe Metals",
        "state": "RJ",
        "pin": "301019",
        "size": "small",
        "description": (
            "Secondary lead smelting from used lead-acid batteries; refined lead and alloys "
            "for battery makers."
        ),
        "offer": "",
        "seek": "",
        "processes": ["battery-recycling"],
        "areas": ["battery-recycling"],
        "certificates": [
            ("cpcb-epr-registration", "2027-01-31"),
            ("spcb-consent", "2027-01-31"),
        ],
        "verification": 1,
    },
    {
        "key": "kabadiwala-delhi",
        "name": "Ali Kabadi Traders",
        "state": "DL",
        "pin": "110064",
        "size": "micro",
        "description": (
            "Kabadi – purana computer, AC, fridge, battery, loha, plastic sab kharidte hain. "
            "Best rate, pickup from home and office."
        ),
        "offer": "",
        "seek": "",
        "processes": ["e-waste-recycling"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "suryachakra-recycling",
        "name": "Suryachakra Recycling",
        "state": "RJ",
        "pin": "342005",
        "size": "small",
        "description": (
            "Solar PV module recycling at Jodhpur: frame and junction box removal, "
            "thermal-mechanical delamination, recovery of glass, silicon, silver and copper; "
            "5 MW a month."
        ),
        "offer": "",
        "seek": "",
        "processes": ["solar-panel-recycling"],
        "areas": ["solar-panel-recycling", "green-technology", "solar-energy"],
        "certificates": [
            ("spcb-consent", "2027-07-31"),
            ("cpcb-epr-registration", "2027-07-31"),
        ],
        "verification": 1,
    },
    {
        "key": "green-gujarat-recyclers",
        "name": "Green Gujarat Recyclers",
        "state": "GJ",
        "pin": "382445",
        "size": "small",
        "description": (
            "Authorised e-waste recycler in Vatva GIDC; in 2025 started a pilot line for "
            "end-of-life solar panels (frame, glass and cable separation)."
        ),
        "offer": "",
        "seek": "",
        "processes": ["e-waste-recycling", "solar-panel-recycling"],
        "areas": ["e-waste-recycling", "solar-panel-recycling"],
        "certificates": [
            ("cpcb-epr-registration", "2027-05-31"),
            ("spcb-consent", "2027-05-31"),
        ],
        "verification": 1,
    },
    {
        "key": "solar-cycle-hyderabad",
        "name": "SolarCycle India",
        "state": "TS",
        "pin": "500055",
        "size": "small",
        "description": "End-of-life PV module recycling and refurbishment; CPCB registered.",
        "offer": "",
        "seek": "",
        "processes": ["solar-panel-recycling"],
        "areas": ["solar-panel-recycling"],
        "certificates": [("cpcb-epr-registration", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "sunrise-solar-epc",
        "name": "Sunrise Solar EPC",
        "state": "RJ",
        "pin": "302020",
        "size": "small",
        "description": (
            "Rooftop and ground-mounted solar EPC, O&M and panel cleaning in Jaipur; dealer of "
            "Tier-1 modules."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["solar-energy"],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "punarnava-plastics",
        "name": "Punarnava Plastics",
        "state": "GJ",
        "pin": "396195",
        "size": "small",
        "description": (
            "PET bottle recycling to rPET flakes and food grade granules, 8,000 TPA; "
            "registered plastic waste processor issuing EPR certificates."
        ),
        "offer": "",
        "seek": "",
        "processes": ["plastic-recycling"],
        "areas": ["green-technology"],
        "certificates": [
            ("cpcb-epr-registration", "2027-03-31"),
            ("spcb-consent", "2027-03-31"),
        ],
        "verification": 2,
    },
    {
        "key": "nagpur-polymer-recyclers",
        "name": "Butibori Polymer Recyclers",
        "state": "MH",
        "pin": "441122",
        "size": "small",
        "description": (
            "We recycle multi-layered plastic (MLP) sachets and wrappers into pallets, boards "
            "and furniture; registered PWP for EPR."
        ),
        "offer": "",
        "seek": "",
        "processes": ["plastic-recycling", "extrusion"],
        "areas": ["green-technology"],
        "certificates": [("cpcb-epr-registration", "2027-11-30")],
        "verification": 1,
    },
    {
        "key": "delhi-regrind",
        "name": "Bawana Regrind Industries",
        "state": "DL",
        "pin": "110039",
        "size": "small",
        "description": (
            "Plastic regranulation of HDPE, PP and LDPE scrap, 600 t a month; EPR certificates "
            "for brand owners."
        ),
        "offer": "",
        "seek": "",
        "processes": ["plastic-recycling"],
        "areas": [],
        "certificates": [
            ("cpcb-epr-registration", "2025-10-31"),
            ("spcb-consent", "2027-10-31"),
        ],
        "verification": 1,
    },
    # --- Batteries --------------------------------------------------------------------
    {
        "key": "voltpack-energy",
        "name": "VoltPack Energy Pvt Ltd",
        "state": "UP",
        "pin": "201310",
        "size": "small",
        "description": (
            "Lithium-ion battery packs (LFP and NMC) for e-rickshaws, e-2W and inverters: cell "
            "grading, laser welding, BMS integration and testing; 1,500 packs a month."
        ),
        "offer": "",
        "seek": "Cell supply partners.",
        "processes": ["assembly-integration", "laser-welding"],
        "areas": ["ev-batteries", "power-electronics"],
        "certificates": [("bis-crs", "2027-08-31"), ("iso-9001", "2027-08-31")],
        "verification": 2,
    },
    {
        "key": "shakti-lithium",
        "name": "Shakti Lithium Power",
        "state": "DL",
        "pin": "110020",
        "size": "micro",
        "description": (
            "E-rickshaw lithium battery assembly. 48V, 51V, 60V packs. Spot welding, BMS "
            "lagate hain, warranty 3 saal. BIS registered."
        ),
        "offer": "",
        "seek": "",
        "processes": ["assembly-integration", "resistance-welding"],
        "areas": ["ev-batteries"],
        "certificates": [("bis-crs", "2027-02-28"), ("gem-seller", None)],
        "verification": 0,
    },
    {
        "key": "cellsense-bms",
        "name": "CellSense BMS",
        "state": "MH",
        "pin": "411045",
        "size": "micro",
        "description": (
            "Battery management systems and battery analytics for EV and ESS packs: hardware, "
            "firmware and cloud."
        ),
        "offer": "",
        "seek": "",
        "processes": ["embedded-systems-design", "pcb-assembly"],
        "areas": ["ev-batteries", "power-electronics", "embedded-systems"],
        "certificates": [("startup-india-dpiit", "2031-11-30")],
        "verification": 1,
    },
    {
        "key": "urja-power-systems",
        "name": "Urja Power Systems",
        "state": "MH",
        "pin": "411019",
        "size": "small",
        "description": (
            "Solar inverters, UPS and lithium ESS battery packs for home backup and telecom "
            "towers; SMT line in-house."
        ),
        "offer": "",
        "seek": "",
        "processes": ["pcb-assembly", "assembly-integration", "box-build"],
        "areas": ["power-electronics", "solar-energy", "ev-batteries"],
        "certificates": [("bis-crs", "2027-05-31"), ("iso-9001", "2027-05-31")],
        "verification": 1,
    },
    {
        "key": "greenvolt-packs",
        "name": "GreenVolt Battery Packs",
        "state": "UP",
        "pin": "226010",
        "size": "small",
        "description": (
            "LFP battery packs for e-rickshaws and e-loaders, 2,000 packs a month, with "
            "in-house BMS and cell testing."
        ),
        "offer": "",
        "seek": "",
        "processes": ["assembly-integration", "laser-welding"],
        "areas": ["ev-batteries"],
        "certificates": [("bis-crs", "2026-05-31"), ("iso-9001", "2027-05-31")],
        "verification": 1,
    },
    {
        "key": "shree-battery-house",
        "name": "Shree Battery House",
        "state": "BR",
        "pin": "800001",
        "size": "micro",
        "description": (
            "Dealer of Exide and Amaron inverter and car batteries; old battery exchange."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["ev-batteries"],
        "certificates": [],
        "verification": 0,
    },
    # --- Water, effluent, ZLD --------------------------------------------------------------
    {
        "key": "neer-enviro-engineers",
        "name": "Neer Enviro Engineers",
        "state": "TN",
        "pin": "641004",
        "size": "small",
        "description": (
            "We design and build effluent treatment for textile dyeing and bleaching units in "
            "Tiruppur and Erode: RO, reject management with MEE and ATFD, salt recovery and "
            "reuse. 40+ plants commissioned."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["zero-liquid-discharge", "wastewater-treatment"],
        "certificates": [("iso-9001", "2027-06-30")],
        "verification": 2,
    },
    {
        "key": "aqua-zld-systems",
        "name": "AquaZLD Systems Ltd",
        "state": "GJ",
        "pin": "382330",
        "size": "medium",
        "description": (
            "Turnkey ZLD plants – UF/RO, multiple effect evaporators, ATFD and crystallisers – "
            "for pharma, chemical and textile processing houses in Vapi, Surat and Ankleshwar."
        ),
        "offer": "",
        "seek": "",
        "processes": ["zld-plant-fabrication", "etp-stp-fabrication"],
        "areas": ["zero-liquid-discharge", "wastewater-treatment"],
        "certificates": [("iso-9001", "2027-09-30"), ("iso-14001", "2027-09-30")],
        "verification": 1,
    },
    {
        "key": "greenflow-etp",
        "name": "GreenFlow Water Solutions",
        "state": "MH",
        "pin": "411041",
        "size": "small",
        "description": (
            "Packaged STP and ETP (MBBR, SBR) for housing societies, hotels and small industries."
        ),
        "offer": "",
        "seek": "",
        "processes": ["etp-stp-fabrication"],
        "areas": ["wastewater-treatment"],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "aqua-pure-ro-tiruppur",
        "name": "Aqua Pure RO Services",
        "state": "TN",
        "pin": "641601",
        "size": "micro",
        "description": (
            "Domestic RO water purifier sales and service in Tiruppur; AMC, spares, commercial "
            "500 LPH RO."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["wastewater-treatment"],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "tiruppur-knit-dyers",
        "name": "Noyyal Knit Dyers",
        "state": "TN",
        "pin": "641604",
        "size": "small",
        "description": (
            "Cotton knitted fabric dyeing and compacting, 12 t a day, for Tiruppur exporters. "
            "Member of a CETP."
        ),
        "offer": "",
        "seek": "ZLD upgrade and salt recovery; a low-cost MEE supplier.",
        "processes": ["dyeing-finishing"],
        "areas": ["textile-tech"],
        "certificates": [("gots", "2027-04-30"), ("spcb-consent", "2027-03-31")],
        "verification": 1,
    },
    {
        "key": "erode-yarn-dyeing",
        "name": "Erode Yarn Processors",
        "state": "TN",
        "pin": "638001",
        "size": "small",
        "description": (
            "Cotton yarn dyeing (package dyeing) with our own ZLD plant operated in-house since "
            "2012."
        ),
        "offer": "",
        "seek": "",
        "processes": ["dyeing-finishing"],
        "areas": ["zero-liquid-discharge"],
        "certificates": [("spcb-consent", "2027-08-31")],
        "verification": 1,
    },
    # --- Textiles, garments, handloom, soldier protection -----------------------------------
    {
        "key": "tiruppur-knitwear",
        "name": "Tiruppur Knit Fashions",
        "state": "TN",
        "pin": "641603",
        "size": "small",
        "description": (
            "Knitted garments – T-shirts, track pants, innerwear – for export and domestic "
            "brands; 150 machines."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing", "knitting"],
        "areas": [],
        "certificates": [("gots", "2027-06-30"), ("gem-seller", None), ("iso-9001", "2027-06-30")],
        "verification": 1,
    },
    {
        "key": "surat-powerloom",
        "name": "Udhna Silk Mills",
        "state": "GJ",
        "pin": "394210",
        "size": "small",
        "description": (
            "Powerloom weaving of polyester sarees and dress material on 120 rapier looms, "
            "Banarasi-style designs."
        ),
        "offer": "",
        "seek": "",
        "processes": ["weaving"],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "surat-techfab",
        "name": "Surat TechFab",
        "state": "GJ",
        "pin": "394230",
        "size": "small",
        "description": (
            "Weaving of aramid and UHMWPE ballistic fabrics and other technical textiles on "
            "rapier looms, supplied to armour makers."
        ),
        "offer": "",
        "seek": "",
        "processes": ["weaving", "textile-manufacturing"],
        "areas": ["textile-tech", "soldier-protection"],
        "certificates": [("iso-9001", "2027-03-31")],
        "verification": 1,
    },
    {
        "key": "sualkuchi-silk-weavers",
        "name": "Sualkuchi Pat Muga Weavers",
        "state": "AS",
        "pin": "781103",
        "size": "micro",
        "description": (
            "Handloom weavers of Sualkuchi: muga and pat silk mekhela chador, eri stoles; "
            "35 looms, GI-tagged muga."
        ),
        "offer": "",
        "seek": "Buyers and emporium orders.",
        "processes": ["weaving"],
        "areas": [],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "imphal-handloom-coop",
        "name": "Leimarel Handloom Weavers Cooperative Society",
        "state": "MN",
        "pin": "795001",
        "size": "micro",
        "description": (
            "Women weavers' cooperative: Manipuri handloom phanek, innaphi shawls and stoles "
            "on throw-shuttle looms; 120 members."
        ),
        "offer": "",
        "seek": "",
        "processes": ["weaving"],
        "areas": [],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "tripura-bamboo-crafts",
        "name": "Tripura Bamboo Crafts Collective",
        "state": "TR",
        "pin": "799001",
        "size": "micro",
        "description": (
            "Bamboo and cane handicrafts – baskets, lampshades, furniture – and a few "
            "handwoven risa textiles by our women members."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "dibrugarh-tea-processors",
        "name": "Brahmaputra Tea Processors",
        "state": "AS",
        "pin": "786001",
        "size": "small",
        "description": "CTC and orthodox tea processing and packing for bought-leaf growers.",
        "offer": "",
        "seek": "",
        "processes": ["food-processing", "food-packaging"],
        "areas": [],
        "certificates": [("fssai-licence", "2027-05-31")],
        "verification": 1,
    },
    {
        "key": "banaras-handloom",
        "name": "Madanpura Banarasi Handloom",
        "state": "UP",
        "pin": "221001",
        "size": "micro",
        "description": (
            "Banarasi silk handloom sarees (kadhua, jangla) with pure zari, GI tagged; 40 pit "
            "looms in Madanpura."
        ),
        "offer": "",
        "seek": "",
        "processes": ["weaving"],
        "areas": [],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "ludhiana-uniforms",
        "name": "Ludhiana Uniform Manufacturers",
        "state": "PB",
        "pin": "141003",
        "size": "small",
        "description": (
            "Uniforms: police, security guard, school and combat uniforms; CAD marker cutting "
            "room and 300 machines. GeM seller."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing"],
        "areas": [],
        "certificates": [("gem-seller", None), ("iso-9001", "2027-07-31")],
        "verification": 2,
    },
    {
        "key": "bhopal-mahila-silai",
        "name": "Bhopal Mahila Silai Udyog",
        "state": "MP",
        "pin": "462023",
        "size": "micro",
        "description": (
            "Women's self-help group stitching unit (सिलाई केंद्र): school uniforms, police "
            "shirts and trousers, masks; 60 machines."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing"],
        "areas": [],
        "certificates": [("gem-seller", None)],
        "verification": 1,
    },
    {
        "key": "bengal-garments",
        "name": "Bengal Garments & Uniforms Ltd",
        "state": "WB",
        "pin": "700024",
        "size": "medium",
        "description": (
            "Large uniform and workwear maker with 1,200 machines: police and paramilitary "
            "uniforms."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing"],
        "areas": [],
        "certificates": [("gem-seller", None), ("tcl-registration", "2027-03-31")],
        "verification": 2,
    },
    {
        "key": "delhi-uniform-house",
        "name": "Delhi Uniform House",
        "state": "DL",
        "pin": "110031",
        "size": "small",
        "description": "Khaki uniforms for police and home guards, berets and belts.",
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing"],
        "areas": [],
        "certificates": [("gem-seller", None)],
        "verification": 1,
    },
    {
        "key": "kavach-armour",
        "name": "Kavach Armour Industries",
        "state": "UP",
        "pin": "208001",
        "size": "medium",
        "description": (
            "Bullet resistant jackets to IS 17051 (Level 3 and 4) and ballistic helmets: UHMWPE "
            "soft armour packs and ceramic hard armour plates; in-house ballistic test range."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing", "composites-manufacturing"],
        "areas": ["soldier-protection"],
        "certificates": [
            ("bis-isi-licence", "2027-07-31"),
            ("tcl-registration", "2027-07-31"),
            ("iso-9001", "2027-07-31"),
        ],
        "verification": 2,
    },
    {
        "key": "rakshak-ballistics",
        "name": "Rakshak Ballistics",
        "state": "TS",
        "pin": "500055",
        "size": "small",
        "description": (
            "Hard armour plates (boron carbide and alumina with UHMWPE backing) for body armour "
            "and vehicles; BIS licence for IS 17051; DMSRDE technology."
        ),
        "offer": "",
        "seek": "",
        "processes": ["composites-manufacturing"],
        "areas": ["soldier-protection", "advanced-materials"],
        "certificates": [("bis-isi-licence", "2027-02-28")],
        "verification": 2,
    },
    {
        "key": "shield-defence-tex",
        "name": "Shield Defence Textiles",
        "state": "UP",
        "pin": "201305",
        "size": "small",
        "description": (
            "Bulletproof jackets and ballistic panels to NIJ 0101.06 and IS 17051 Level 3."
        ),
        "offer": "",
        "seek": "",
        "processes": ["garment-manufacturing", "composites-manufacturing"],
        "areas": ["soldier-protection"],
        "certificates": [("bis-isi-licence", "2026-04-30")],
        "verification": 1,
    },
    {
        "key": "shirastran-helmets",
        "name": "Shirastran Helmets",
        "state": "UP",
        "pin": "208022",
        "size": "small",
        "description": (
            "Ballistic helmets (patka and full-cut) in aramid and UHMWPE, BIS certified."
        ),
        "offer": "",
        "seek": "",
        "processes": ["composites-manufacturing"],
        "areas": ["soldier-protection"],
        "certificates": [("bis-isi-licence", "2027-05-31")],
        "verification": 1,
    },
    # --- Leather ---------------------------------------------------------------------
    {
        "key": "agra-footwear-exports",
        "name": "Agra Footwear Exports",
        "state": "UP",
        "pin": "282007",
        "size": "small",
        "description": (
            "Leather safety shoes and combat boots (DMS, high ankle) in full grain leather with "
            "PU and rubber soles; IS 15298 licence; supplied to TCL and CAPFs."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [
            ("bis-isi-licence", "2027-06-30"),
            ("tcl-registration", "2027-12-31"),
            ("iec", None),
        ],
        "verification": 2,
    },
    {
        "key": "kanpur-leather-works",
        "name": "Jajmau Leather Works",
        "state": "UP",
        "pin": "208010",
        "size": "small",
        "description": "Tannery and footwear unit at Jajmau: finished leather, safety footwear, "
        "saddlery.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("bis-isi-licence", "2027-01-31"), ("spcb-consent", "2027-01-31")],
        "verification": 1,
    },
    {
        "key": "ambur-leather-goods",
        "name": "Ambur Leather Goods",
        "state": "TN",
        "pin": "635802",
        "size": "small",
        "description": "Leather bags, wallets and belts for export, from our own tannery.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("iec", None)],
        "verification": 1,
    },
    {
        "key": "kolkata-safety-shoes",
        "name": "Tangra Safety Footwear",
        "state": "WB",
        "pin": "700046",
        "size": "small",
        "description": (
            "PU-sole leather safety shoes, combat-style boots and gumboots with BIS licence; "
            "supplies to Coal India and the railways."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("bis-isi-licence", "2025-08-31")],
        "verification": 1,
    },
    # --- Food processing and cold chain ----------------------------------------------------
    {
        "key": "sahyadri-frozen-foods",
        "name": "Sahyadri Frozen Foods",
        "state": "MH",
        "pin": "422003",
        "size": "small",
        "description": (
            "IQF freezing of pomegranate arils, grapes, sweet corn and peas; 2,000 t cold "
            "storage; APEDA registered exporter."
        ),
        "offer": "",
        "seek": "",
        "processes": ["fruit-vegetable-processing", "food-packaging"],
        "areas": ["food-processing-tech"],
        "certificates": [("fssai-licence", "2027-09-30"), ("iso-22000", "2027-09-30")],
        "verification": 2,
    },
    {
        "key": "konkan-agro-processors",
        "name": "Konkan Agro Processors",
        "state": "MH",
        "pin": "415612",
        "size": "small",
        "description": (
            "Alphonso mango pulp with aseptic packing, frozen mango slices; cold storage."
        ),
        "offer": "",
        "seek": "",
        "processes": ["fruit-vegetable-processing", "food-packaging"],
        "areas": [],
        "certificates": [("fssai-licence", "2027-03-31")],
        "verification": 1,
    },
    {
        "key": "nashik-agro-freeze",
        "name": "Nashik Agro Freeze",
        "state": "MH",
        "pin": "422010",
        "size": "small",
        "description": (
            "IQF frozen fruits and vegetables, pomegranate aril extraction, blast freezers and "
            "a 1,500 t cold store near Nashik."
        ),
        "offer": "",
        "seek": "",
        "processes": ["fruit-vegetable-processing", "food-packaging"],
        "areas": ["food-processing-tech"],
        "certificates": [("fssai-licence", "2026-03-31")],
        "verification": 1,
    },
    {
        "key": "reefer-express",
        "name": "Reefer Express Logistics",
        "state": "MH",
        "pin": "421302",
        "size": "small",
        "description": (
            "Refrigerated trucking and temperature-controlled warehousing at Bhiwandi for "
            "frozen food, dairy and pharma; 60 reefer trucks."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["food-processing-tech"],
        "certificates": [("fssai-licence", "2027-04-30")],
        "verification": 1,
    },
    {
        "key": "braj-cold-storage",
        "name": "Braj Cold Storage",
        "state": "UP",
        "pin": "282001",
        "size": "small",
        "description": (
            "Potato cold storage (आलू शीत गृह) of 12,000 MT near Agra; rental storage for "
            "farmers and traders."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["food-processing-tech"],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "etawah-cold-store",
        "name": "Etawah Sheetgrah",
        "state": "UP",
        "pin": "206001",
        "size": "small",
        "description": "Multi-chamber cold storage for potatoes and seeds, 8,000 MT.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
    {
        "key": "jalandhar-potato-cold-store",
        "name": "Doaba Seed Potato Cold Store",
        "state": "PB",
        "pin": "144001",
        "size": "small",
        "description": "Seed potato cold storage and grading, Jalandhar, 10,000 MT.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": ["food-processing-tech"],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "coolbox-panels",
        "name": "CoolBox Insulated Panels",
        "state": "HR",
        "pin": "131001",
        "size": "small",
        "description": (
            "PUF insulated panels, cold room doors and refrigeration units for cold storages "
            "and ripening chambers."
        ),
        "offer": "",
        "seek": "",
        "processes": ["sheet-metal-fabrication"],
        "areas": ["food-processing-tech"],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "shimla-apple-ca-store",
        "name": "Himgiri CA Stores",
        "state": "HP",
        "pin": "171001",
        "size": "small",
        "description": "Controlled atmosphere cold storage for apples, grading and packing line.",
        "offer": "",
        "seek": "",
        "processes": ["fruit-vegetable-processing"],
        "areas": ["food-processing-tech"],
        "certificates": [("fssai-licence", "2027-02-28")],
        "verification": 1,
    },
    # --- Logistics -------------------------------------------------------------------
    {
        "key": "marina-container-carriers",
        "name": "Marina Container Carriers",
        "state": "TN",
        "pin": "600081",
        "size": "small",
        "description": (
            "Container transport from Chennai and Kattupalli ports: 85 trailers for 20 and "
            "40 ft boxes, daily runs to Sriperumbudur, Oragadam and Hosur; CFS tie-ups."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [],
        "verification": 1,
    },
    {
        "key": "pan-india-3pl",
        "name": "PanIndia 3PL Services",
        "state": "HR",
        "pin": "122001",
        "size": "medium",
        "description": (
            "3PL: FTL road freight, warehousing and customs clearance, branches in Chennai, "
            "Mumbai and Kolkata."
        ),
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [("iso-9001", "2027-01-31")],
        "verification": 1,
    },
    # --- Other look-alikes ----------------------------------------------------------------
    {
        "key": "space-interiors",
        "name": "Space Interiors & Modular Kitchens",
        "state": "KA",
        "pin": "570017",
        "size": "micro",
        "description": "Modular kitchens, wardrobes and office interiors in Mysuru.",
        "offer": "",
        "seek": "",
        "processes": [],
        "areas": [],
        "certificates": [],
        "verification": 0,
    },
]

CASES: list[dict] = [
    {
        "key": "radar-subassembly-indigenisation",
        "text": (
            "Indigenisation of radar power supply and control LRU (BEL Bengaluru). Presently "
            "imported sub-assembly of a ground surveillance radar to be indigenised from samples "
            "and drawings: PCB assembly, harnessing, box build and ATP."
        ),
        "processes": ["reverse-engineering", "pcb-assembly", "box-build", "wire-harness"],
        "areas": ["radar"],
        "required_certifications": [],
        "wanted_certifications": ["bel-vendor-registration", "iso-9001"],
        "states": [],
        "sizes": [],
        "relevant": {
            "vyom-defence-electronics": 3,
            "sai-avionics-systems": 3,
            "trinetra-rf": 2,
            "pragati-ems": 1,
            "harness-tech": 1,
        },
    },
    {
        "key": "taiwan-ewaste-licensing",
        "text": (
            "Technology licence: recovery of gold, copper and palladium from waste PCBs. A "
            "Taiwanese recycler offers its hydrometallurgical process to Indian authorised "
            "e-waste recyclers under licence, with co-investment in the first plant."
        ),
        "processes": ["e-waste-recycling"],
        "areas": ["e-waste-recycling", "green-technology"],
        "required_certifications": [],
        "wanted_certifications": ["cpcb-epr-registration", "spcb-consent"],
        "states": [],
        "sizes": [],
        "relevant": {
            "ecoreclaim-recyclers": 3,
            "hariyali-ewaste": 3,
            "urban-mine-tech": 2,
            "green-gujarat-recyclers": 2,
            "battery-loop": 1,
        },
    },
    {
        "key": "israel-uav-composites-partner",
        "text": (
            "Israeli tactical UAV maker seeks Indian composites partner. Manufacture of "
            "carbon-fibre wings, fuselage and tail booms under Make in India (JV or licensed "
            "production): prepreg layup and autoclave curing, AS9100D preferred."
        ),
        "processes": ["carbon-fibre-layup", "autoclave-curing", "composites-manufacturing"],
        "areas": ["uav", "drones-unmanned-platforms"],
        "required_certifications": [],
        "wanted_certifications": ["as9100d"],
        "states": [],
        "sizes": [],
        "relevant": {
            "aerocomp-structures": 3,
            "fibrecraft-composites": 3,
            "vayu-drones": 2,
            "sai-frp-industries": 1,
        },
    },
    {
        "key": "aerospace-brackets-5-axis",
        "text": (
            "5-axis machining of airframe brackets and fittings. Build-to-print titanium "
            "Ti-6Al-4V and Al 7075 brackets, first article inspection to AS9102; AS9100D "
            "certification mandatory."
        ),
        "processes": ["cnc-machining-5-axis", "metrology-cmm-inspection"],
        "areas": ["precision-engineering"],
        "required_certifications": ["as9100d"],
        "wanted_certifications": ["hal-vendor-registration"],
        "states": [],
        "sizes": [],
        "relevant": {
            "kalinga-precision": 3,
            "deccan-aero-machining": 3,
            "peenya-aerotech": 2,
            "nashik-aero-components": 1,
        },
    },
    {
        "key": "vacuum-heat-treatment-brazing",
        "text": (
            "Vacuum heat treatment and vacuum brazing of aero-engine parts (GTRE). Solution "
            "treatment and ageing of Inconel 718 rings and nickel-based vacuum brazing of "
            "tube assemblies; Nadcap heat treating preferred."
        ),
        "processes": ["vacuum-heat-treatment", "brazing-soldering"],
        "areas": ["propulsion", "vacuum-heat-treatment"],
        "required_certifications": [],
        "wanted_certifications": ["nadcap", "as9100d"],
        "states": [],
        "sizes": [],
        "relevant": {
            "thermovac-heat-treaters": 3,
            "pune-vacuum-treat": 2,
            "surya-brazing": 1,
        },
    },
    {
        "key": "artillery-shell-forgings",
        "text": (
            "Closed-die forgings of 155 mm shell bodies (Munitions India). Hot forged and rough "
            "machined shell bodies in EN19, 100% ultrasonic testing; only vendors registered "
            "with Munitions India Ltd."
        ),
        "processes": ["closed-die-forging", "forging", "cnc-turning", "ultrasonic-testing"],
        "areas": ["ammunition-explosives"],
        "required_certifications": ["munitions-india-registration"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "vidarbha-forge": 3,
            "kolhapur-forgings": 3,
            "jamshedpur-forge": 2,
        },
    },
    {
        "key": "tiruppur-textile-zld",
        "text": (
            "ZLD for a textile dyeing CETP in Tiruppur. Design, supply and commissioning of "
            "zero liquid discharge for 5 MLD of dyeing effluent: RO, reject MEE, ATFD and salt "
            "recovery for reuse."
        ),
        "processes": ["zld-plant-fabrication", "etp-stp-fabrication"],
        "areas": ["zero-liquid-discharge", "wastewater-treatment"],
        "required_certifications": [],
        "wanted_certifications": ["iso-9001"],
        "states": [],
        "sizes": [],
        "relevant": {
            "neer-enviro-engineers": 3,
            "aqua-zld-systems": 3,
            "greenflow-etp": 1,
            "sri-balaji-process-equipment": 1,
        },
    },
    {
        "key": "japan-precision-die-casting",
        "text": (
            "Japanese two-wheeler parts maker seeks aluminium die-casting supplier in India. "
            "Precision high-pressure die-cast ADC12 housings with machining and leak testing; "
            "IATF 16949 mandatory."
        ),
        "processes": ["pressure-die-casting", "cnc-machining"],
        "areas": [],
        "required_certifications": ["iatf-16949"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "chakan-diecast": 3,
            "manesar-alucast": 3,
            "hosur-castings": 1,
        },
    },
    {
        "key": "korea-ev-battery-partners",
        "text": (
            "Korean Li-ion cell maker seeks Indian partners for battery-pack assembly and "
            "recycling. Pack assembly with BMS integration for EV and ESS customers, and "
            "end-of-life recycling to black mass."
        ),
        "processes": ["battery-recycling", "assembly-integration"],
        "areas": ["ev-batteries", "battery-recycling"],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "voltpack-energy": 3,
            "battery-loop": 3,
            "greenvolt-packs": 2,
            "cellsense-bms": 2,
            "urja-power-systems": 2,
            "shakti-lithium": 1,
            "ecoreclaim-recyclers": 1,
            "jai-ambe-lead-smelters": 1,
        },
    },
    {
        "key": "idex-counter-drone",
        "text": (
            "iDEX challenge: counter-drone for forward air bases. Detect, track and soft-kill "
            "small drones (RF detection, jamming or spoofing). Open to startups and micro and "
            "small enterprises."
        ),
        "processes": ["embedded-systems-design"],
        "areas": ["counter-drone", "electronic-warfare", "radar"],
        "required_certifications": [],
        "wanted_certifications": ["startup-india-dpiit"],
        "states": [],
        "sizes": ["micro", "small"],
        "relevant": {
            "netra-cuas": 3,
            "trinetra-rf": 2,
            "drishti-ai-vision": 2,
            "vayu-drones": 1,
        },
    },
    {
        "key": "armoured-vehicle-wire-harness",
        "text": (
            "Wiring harness for armoured vehicles (AVNL). Hull and turret harnesses and cable "
            "looms for T-72 and T-90 with MIL connectors, to drawing; AVNL registration required."
        ),
        "processes": ["wire-harness", "cable-assembly"],
        "areas": ["armoured-vehicles"],
        "required_certifications": ["avnl-registration"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "avadi-harness-systems": 3,
            "harness-tech": 3,
            "kanpur-defence-electricals": 1,
        },
    },
    {
        "key": "nabl-emi-emc-testing",
        "text": (
            "EMI/EMC qualification testing to MIL-STD-461G. CE102, CS114, RE102 and RS103 tests "
            "of a radar LRU in an NABL-accredited laboratory."
        ),
        "processes": ["emi-emc-testing"],
        "areas": [],
        "required_certifications": ["nabl-accreditation"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "emcq-labs": 3,
            "pune-test-house": 2,
            "env-test-hyderabad": 1,
        },
    },
    {
        "key": "solar-panel-recycling-rajasthan",
        "text": (
            "Recycling of 40,000 damaged and end-of-life PV modules from a solar park in "
            "Rajasthan; the recycling facility must be in Rajasthan or Gujarat."
        ),
        "processes": ["solar-panel-recycling"],
        "areas": ["solar-panel-recycling"],
        "required_certifications": [],
        "wanted_certifications": ["cpcb-epr-registration"],
        "states": ["RJ", "GJ"],
        "sizes": [],
        "relevant": {
            "suryachakra-recycling": 3,
            "green-gujarat-recyclers": 2,
        },
    },
    {
        "key": "space-grade-pcb-assembly",
        "text": (
            "Space-grade PCB assembly of satellite flight boards. IPC-A-610 Class 3 and "
            "ECSS-Q-ST-70-38 soldering, conformal coating, full traceability; AS9100D "
            "preferred."
        ),
        "processes": ["smt-assembly", "pcb-assembly", "conformal-coating-potting"],
        "areas": ["space"],
        "required_certifications": [],
        "wanted_certifications": ["as9100d"],
        "states": [],
        "sizes": [],
        "relevant": {
            "antariksh-ems": 3,
            "vyom-defence-electronics": 2,
            "sai-avionics-systems": 1,
            "pragati-ems": 1,
        },
    },
    {
        "key": "naval-rubber-seals",
        "text": (
            "Rubber seals and gaskets for naval systems (Mazagon Dock). Nitrile, neoprene and "
            "EPDM seals, O-rings and hatch gaskets for submarine and shipborne systems to JSS "
            "specifications; defence shipyard vendor registration required."
        ),
        "processes": ["rubber-moulding"],
        "areas": ["naval-systems"],
        "required_certifications": ["shipyard-vendor-registration"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "sealwell-polymers": 3,
            "polymech-kolkata": 3,
            "goa-marine-rubber": 2,
        },
    },
    {
        "key": "bulletproof-jackets",
        "text": (
            "Bullet resistant jackets, IS 17051 Level 3. Soft armour and hard armour plates "
            "for 10,000 jackets for a central armed police force; BIS licence mandatory."
        ),
        "processes": ["garment-manufacturing", "composites-manufacturing"],
        "areas": ["soldier-protection"],
        "required_certifications": ["bis-isi-licence"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "kavach-armour": 3,
            "rakshak-ballistics": 3,
            "shirastran-helmets": 2,
        },
    },
    {
        "key": "titanium-additive-manufacturing",
        "text": (
            "Metal additive manufacturing of titanium parts (DRDL). Laser powder bed fusion of "
            "Ti6Al4V brackets and manifolds for missile subsystems, with HIP and CT inspection."
        ),
        "processes": ["metal-am-slm-dmls", "additive-manufacturing"],
        "areas": ["additive-manufacturing", "missiles-rockets"],
        "required_certifications": [],
        "wanted_certifications": ["as9100d"],
        "states": [],
        "sizes": [],
        "relevant": {
            "printmetal-3d": 3,
            "additive-labs-pune": 2,
            "deccan-aero-machining": 1,
        },
    },
    {
        "key": "cold-chain-iqf-nashik",
        "text": (
            "Cold chain and IQF processing partner for a Nashik FPO. IQF freezing and cold "
            "storage of pomegranate arils, grapes and vegetables for export; FSSAI licence "
            "required."
        ),
        "processes": ["fruit-vegetable-processing", "food-packaging"],
        "areas": ["food-processing-tech"],
        "required_certifications": ["fssai-licence"],
        "wanted_certifications": ["iso-22000"],
        "states": [],
        "sizes": [],
        "relevant": {
            "sahyadri-frozen-foods": 3,
            "konkan-agro-processors": 2,
            "reefer-express": 2,
            "amrit-dairy": 1,
            "shimla-apple-ca-store": 1,
        },
    },
    {
        "key": "handloom-north-east",
        "text": (
            "Procurement of handloom silk stoles and mekhela chadors from weaver units of the "
            "North-East for a government emporium."
        ),
        "processes": ["weaving"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": ["AS", "AR", "MN", "ML", "MZ", "NL", "SK", "TR"],
        "sizes": [],
        "relevant": {
            "sualkuchi-silk-weavers": 3,
            "imphal-handloom-coop": 3,
            "tripura-bamboo-crafts": 1,
        },
    },
    {
        "key": "avionics-embedded-software",
        "text": (
            "DO-178C embedded software for a mission computer (ADA). Level A/B software on an "
            "ARINC 653 RTOS with verification and tool qualification; CEMILAC approval "
            "preferred."
        ),
        "processes": ["embedded-systems-design"],
        "areas": ["avionics", "embedded-systems"],
        "required_certifications": [],
        "wanted_certifications": ["cemilac-approval", "as9100d"],
        "states": [],
        "sizes": [],
        "relevant": {
            "avisoft-systems": 3,
            "sai-avionics-systems": 2,
            "meterlink-iot": 1,
        },
    },
    {
        "key": "combat-boots-troop-comforts",
        "text": (
            "Leather combat boots and safety shoes (Troop Comforts Ltd). Full grain leather "
            "uppers with PU/rubber soles; BIS licence to IS 15298 required."
        ),
        "processes": [],
        "areas": [],
        "required_certifications": ["bis-isi-licence"],
        "wanted_certifications": ["tcl-registration"],
        "states": [],
        "sizes": [],
        "relevant": {
            "agra-footwear-exports": 3,
            "kanpur-leather-works": 2,
        },
    },
    {
        "key": "grey-iron-pump-castings",
        "text": (
            "Grey iron castings for pump housings, about 500 tonnes a year. FG 260 housings "
            "and impellers, machined, for a Coimbatore pump maker; small and medium foundries "
            "only."
        ),
        "processes": ["sand-casting"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": ["iso-9001"],
        "states": [],
        "sizes": ["small", "medium"],
        "relevant": {
            "kovai-foundry": 3,
            "belagavi-castings": 2,
            "howrah-foundry": 1,
        },
    },
    {
        "key": "e-rickshaw-battery-packs",
        "text": (
            "Lithium-ion battery packs for e-rickshaws. 51 V 100 Ah LFP packs with BMS, 300 "
            "a month; BIS CRS registration (IS 16046) required."
        ),
        "processes": ["assembly-integration"],
        "areas": ["ev-batteries"],
        "required_certifications": ["bis-crs"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "voltpack-energy": 3,
            "shakti-lithium": 3,
            "urja-power-systems": 2,
        },
    },
    {
        "key": "appliance-injection-moulding",
        "text": (
            "Injection moulded plastic parts for appliances. PP and ABS parts for air coolers "
            "and washing machines on 200–450 T machines, with moulds made by the supplier."
        ),
        "processes": ["injection-moulding", "mould-making"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": ["iso-9001"],
        "states": [],
        "sizes": [],
        "relevant": {
            "noida-plastomoulds": 3,
            "pune-precision-moulds": 2,
            "rajkot-polymers": 1,
            "medi-mould": 1,
            "swastik-cnc": 1,
        },
    },
    {
        "key": "electronics-sheet-metal-enclosures",
        "text": (
            "Precision sheet metal enclosures for electronics. 19-inch racks and chassis: laser "
            "cutting, CNC punching and bending, PEM inserts, powder coating, EMI gaskets."
        ),
        "processes": ["sheet-metal-fabrication", "laser-cutting", "cnc-bending", "powder-coating"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "peenya-sheetmetal": 3,
            "tele-racks": 2,
            "faridabad-enclosures": 1,
        },
    },
    {
        "key": "chennai-port-container-haulage",
        "text": (
            "Road freight for containers from Chennai port to Sriperumbudur and Oragadam "
            "plants, about 60 boxes a month."
        ),
        "processes": [],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "marina-container-carriers": 3,
            "pan-india-3pl": 2,
            "reefer-express": 1,
        },
    },
    {
        "key": "agra-potato-cold-storage",
        "text": (
            "Cold storage for potatoes near Agra. 5,000 tonnes of space from February to "
            "October for an FPO; in Uttar Pradesh."
        ),
        "processes": [],
        "areas": ["food-processing-tech"],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": ["UP"],
        "sizes": [],
        "relevant": {
            "braj-cold-storage": 3,
            "etawah-cold-store": 2,
        },
    },
    {
        "key": "tractor-crankshaft-forgings",
        "text": (
            "Closed die forgings for tractor crankshafts and connecting rods, 42CrMo4, 6–8 kg, "
            "hardened and tempered; IATF 16949 preferred."
        ),
        "processes": ["closed-die-forging", "hardening-tempering"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": ["iatf-16949"],
        "states": [],
        "sizes": [],
        "relevant": {
            "kolhapur-forgings": 3,
            "vidarbha-forge": 2,
            "rajkot-forge": 2,
            "jamshedpur-forge": 1,
            "ludhiana-hand-tools": 1,
            "ganesh-heat-treaters": 1,
        },
    },
    {
        "key": "odisha-agri-drone-spraying",
        "text": (
            "Agri-drone spraying service for 10,000 acres of paddy in Odisha, with DGCA "
            "type-certified drones and certified remote pilots; service providers based in "
            "Odisha only."
        ),
        "processes": [],
        "areas": ["agri-tech", "uav"],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": ["OD"],
        "sizes": [],
        "relevant": {
            "kisan-drones-odisha": 3,
            "utkal-agri-services": 1,
        },
    },
    {
        "key": "dpsu-cybersecurity-vapt",
        "text": (
            "VAPT and SOC services for a defence PSU. Vulnerability assessment of IT and OT "
            "networks, 24x7 security monitoring and ISMS audit by a CERT-In empanelled auditor; "
            "ISO 27001 required."
        ),
        "processes": [],
        "areas": ["cybersecurity"],
        "required_certifications": ["iso-27001"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "kavach-cyber": 3,
            "securenet-noida": 3,
            "automatrix-iiot": 2,
        },
    },
    {
        "key": "ew-rf-cable-assemblies",
        "text": (
            "RF coaxial cable assemblies for an EW suite (DLRL). Phase-matched SMA/TNC/N "
            "assemblies up to 18 GHz; DRDO registered vendors only."
        ),
        "processes": ["cable-assembly"],
        "areas": ["electronic-warfare", "communication-systems"],
        "required_certifications": ["drdo-vendor-registration"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "trinetra-rf": 3,
            "microwave-interconnects": 3,
            "sai-avionics-systems": 2,
        },
    },
    {
        "key": "ai-border-surveillance",
        "text": (
            "AI video analytics for border surveillance. Intrusion detection on EO/IR camera "
            "feeds along the fence, running offline on edge devices."
        ),
        "processes": [],
        "areas": ["ai-ml", "electro-optics"],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "drishti-ai-vision": 3,
            "optronix-eo": 2,
            "netra-cuas": 1,
            "skyshield-systems": 1,
            "jk-security-systems": 1,
        },
    },
    {
        "key": "missile-investment-castings",
        "text": (
            "Investment castings for missile control surfaces (BDL). 17-4PH and A356 "
            "investment castings with 100% radiography; BDL registration preferred."
        ),
        "processes": ["investment-casting", "radiographic-testing"],
        "areas": ["missiles-rockets"],
        "required_certifications": [],
        "wanted_certifications": ["bdl-vendor-registration"],
        "states": [],
        "sizes": [],
        "relevant": {
            "hyderabad-precicast": 3,
            "rajkot-investcast": 2,
        },
    },
    {
        "key": "hard-anodising-south",
        "text": (
            "Hard anodising and chromate conversion coating of aluminium chassis to "
            "MIL-A-8625 Type III and MIL-DTL-5541, for a BEL supplier; process source in "
            "Karnataka or Tamil Nadu."
        ),
        "processes": ["hard-anodising", "conversion-coating"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": [],
        "states": ["KA", "TN"],
        "sizes": [],
        "relevant": {
            "peenya-surface-finishers": 3,
            "hosur-platers": 2,
            "coimbatore-powder-coat": 1,
        },
    },
    {
        "key": "police-uniforms-msme",
        "text": (
            "Khaki police uniforms, 50,000 sets, through GeM; reserved for micro and small "
            "enterprises under the public procurement policy."
        ),
        "processes": ["garment-manufacturing"],
        "areas": [],
        "required_certifications": [],
        "wanted_certifications": ["gem-seller"],
        "states": [],
        "sizes": ["micro", "small"],
        "relevant": {
            "ludhiana-uniforms": 3,
            "delhi-uniform-house": 3,
            "bhopal-mahila-silai": 2,
            "tiruppur-knitwear": 1,
        },
    },
    {
        "key": "plastic-epr-recycling",
        "text": (
            "EPR partner for an FMCG brand: recycling of multi-layered plastic and rigid PET, "
            "3,000 t a year, by a CPCB-registered plastic waste processor."
        ),
        "processes": ["plastic-recycling"],
        "areas": ["green-technology"],
        "required_certifications": ["cpcb-epr-registration"],
        "wanted_certifications": [],
        "states": [],
        "sizes": [],
        "relevant": {
            "punarnava-plastics": 3,
            "nagpur-polymer-recyclers": 3,
        },
    },
    {
        "key": "naval-pump-spares-indigenisation",
        "text": (
            "Indigenisation of obsolete pump spares for Russian-origin ships (Naval Dockyard "
            "Visakhapatnam): impellers, shafts and wear rings to be re-engineered from samples "
            "and manufactured."
        ),
        "processes": ["reverse-engineering", "cnc-machining"],
        "areas": ["naval-systems"],
        "required_certifications": [],
        "wanted_certifications": ["shipyard-vendor-registration"],
        "states": [],
        "sizes": [],
        "relevant": {
            "vizag-marine-engineering": 3,
            "scan2cad-solutions": 2,
            "coimbatore-aero-precision": 2,
            "kalinga-precision": 1,
            "sealwell-polymers": 1,
            "vizag-seals": 1,
        },
    },
]


def _valid_on(until: str | None, day: date) -> bool:
    return until is None or date.fromisoformat(until) >= day


def _eligible(profile: dict, case: dict) -> bool:
    """Whether a profile passes a case's hard filters on the evaluation day."""
    if case["states"] and profile["state"] not in case["states"]:
        return False
    if case["sizes"] and profile["size"] not in case["sizes"]:
        return False
    held = {slug for slug, until in profile["certificates"] if _valid_on(until, EVALUATION_DAY)}
    return set(case["required_certifications"]) <= held


def check() -> None:
    """Assert that the profiles and cases are consistent with each other and the vocabulary."""
    path = Path(__file__).resolve().parent.parent / "udyamsetu/enterprises/data/vocabularies.json"
    vocabulary = json.loads(path.read_text(encoding="utf-8"))
    slugs = {kind: {t["slug"] for t in terms} for kind, terms in vocabulary.items()}
    never_expires = {t["slug"] for t in vocabulary["certification"] if not t.get("expires", True)}

    keys = [p["key"] for p in PROFILES]
    assert len(keys) == len(set(keys)), "duplicate profile keys"
    names = [p["name"] for p in PROFILES]
    assert len(names) == len(set(names)), "duplicate profile names"
    by_key = {p["key"]: p for p in PROFILES}
    for p in PROFILES:
        where = p["key"]
        assert set(p) == PROFILE_KEYS, (where, set(p) ^ PROFILE_KEYS)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", where), where
        assert p["state"] in STATE_PIN_PREFIXES, where
        assert re.fullmatch(r"[1-9]\d{5}", p["pin"]), where
        assert p["pin"][:2] in STATE_PIN_PREFIXES[p["state"]], (where, p["pin"])
        assert p["size"] in SIZES, where
        assert p["verification"] in (0, 1, 2), where
        assert p["name"] and p["description"], where
        assert isinstance(p["offer"], str) and isinstance(p["seek"], str), where
        assert set(p["processes"]) <= slugs["process"], (where, p["processes"])
        assert set(p["areas"]) <= slugs["technology_area"], (where, p["areas"])
        assert len(p["processes"]) == len(set(p["processes"])), where
        assert len(p["areas"]) == len(set(p["areas"])), where
        held = [slug for slug, _ in p["certificates"]]
        assert len(held) == len(set(held)), where
        for slug, until in p["certificates"]:
            assert slug in slugs["certification"], (where, slug)
            if until is not None:
                date.fromisoformat(until)
                assert slug not in never_expires, (where, slug, "never expires")

    case_keys = [c["key"] for c in CASES]
    assert len(case_keys) == len(set(case_keys)), "duplicate case keys"
    for c in CASES:
        where = c["key"]
        assert set(c) == CASE_KEYS, (where, set(c) ^ CASE_KEYS)
        assert c["text"], where
        assert set(c["processes"]) <= slugs["process"], (where, c["processes"])
        assert set(c["areas"]) <= slugs["technology_area"], (where, c["areas"])
        for field in ("required_certifications", "wanted_certifications"):
            assert set(c[field]) <= slugs["certification"], (where, c[field])
        assert set(c["states"]) <= set(STATE_PIN_PREFIXES), where
        assert set(c["sizes"]) <= set(SIZES), where
        relevant = c["relevant"]
        assert 2 <= len(relevant) <= 8, (where, len(relevant))
        assert 3 in relevant.values(), (where, "no grade 3")
        for key, grade in relevant.items():
            assert key in by_key, (where, key)
            assert grade in (1, 2, 3), (where, key, grade)
            assert _eligible(by_key[key], c), (where, key, "graded but fails a hard filter")
        # Each required certification has a capable profile whose certificate has expired:
        # it holds the certificate (lapsed), shares a wanted process or area, and is not graded.
        for slug in c["required_certifications"]:
            lapsed = [
                p["key"]
                for p in PROFILES
                if p["key"] not in relevant
                and any(
                    s == slug and not _valid_on(u, EVALUATION_DAY) for s, u in p["certificates"]
                )
                and (
                    set(p["processes"]) & set(c["processes"])
                    or set(p["areas"]) & set(c["areas"])
                    or not (c["processes"] or c["areas"])
                )
            ]
            assert lapsed, (where, slug, "no profile with this certificate expired")


def counts() -> dict[str, int]:
    """How much data there is, for the report."""
    filtered = [c for c in CASES if c["required_certifications"] or c["states"] or c["sizes"]]
    return {
        "profiles": len(PROFILES),
        "cases": len(CASES),
        "relevant_pairs": sum(len(c["relevant"]) for c in CASES),
        "grade_3": sum(g == 3 for c in CASES for g in c["relevant"].values()),
        "grade_2": sum(g == 2 for c in CASES for g in c["relevant"].values()),
        "grade_1": sum(g == 1 for c in CASES for g in c["relevant"].values()),
        "cases_with_hard_filters": len(filtered),
        "cases_with_required_certifications": sum(
            bool(c["required_certifications"]) for c in CASES
        ),
        "cases_with_states": sum(bool(c["states"]) for c in CASES),
        "cases_with_sizes": sum(bool(c["sizes"]) for c in CASES),
        "profiles_never_graded": len(
            {p["key"] for p in PROFILES} - {k for c in CASES for k in c["relevant"]}
        ),
    }


if __name__ == "__main__":
    check()
    print(counts())
