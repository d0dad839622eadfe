"""A synthetic Udyam registry in the import format of `docs/registry-import.md`.

Rows are realistic enough to exercise search, matching and the importer at national scale
(7.5 million enterprises): state shares, real PIN codes, NIC classes that fit the activity, the
size mix of the registry, and names and descriptions that fit the NIC class. A share of rows can
be broken on purpose, each in one way from `BAD_KINDS`, to exercise the importer's rejects.

The same seed and arguments always give the same bytes. Rows are produced in chunks and written
as they come, so memory does not grow with the number of rows. Speed matters more than elegance
here: the row loop binds everything to locals and draws from precomputed cumulative tables.
"""

from __future__ import annotations

import gzip
import os
import random
import time
from bisect import bisect
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import accumulate
from math import gcd
from pathlib import Path
from typing import BinaryIO

from udyamsetu.enterprises.reference import (
    SIZE_LIMITS,
    STATES,
    nic_codes,
    pin_codes_by_state,
    pin_directory,
)

COLUMNS = (
    "udyam_number",
    "enterprise_name",
    "organisation_type",
    "major_activity",
    "date_of_commencement",
    "nic_codes",
    "investment_rupees",
    "turnover_rupees",
    "export_turnover_rupees",
    "employees",
    "address",
    "city",
    "district",
    "pin_code",
    "state_code",
    "women_led",
    "sc_st_owned",
    "email",
    "mobile",
    "description",
)
HEADER = ",".join(COLUMNS)

# The ways a row is broken on purpose (one per bad row), for the importer's reject tests.
BAD_KINDS = (
    "bad_udyam_format",
    "unknown_state_code",
    "pin_not_in_state",
    "unknown_nic_class",
    "negative_amount",
    "non_numeric_amount",
    "export_exceeds_turnover",
    "invalid_date",
    "future_date",
    "wrong_column_count",
    "duplicate_udyam_number",
    "empty_name",
    "bad_yes_no_flag",
    "over_long_name",
)

# Serials are 7 digits and unique in a file, so a file holds at most this many rows.
MAX_ROWS = 9_999_999
MAX_BAD_SHARE = 0.5
FIRST_COMMENCEMENT = date(1960, 1, 1)
LAST_COMMENCEMENT = date(2026, 10, 31)
CHUNK_ROWS = 10_000
# Level 1 compresses about three times faster than the default 6 and the file is only about a
# fifth larger; speed matters more for files that are written to be read once.
GZIP_LEVEL = 1

SIZE_SHARES = {"micro": 0.97, "small": 0.027, "medium": 0.003}
ACTIVITY_SHARES = {"manufacturing": 0.32, "services": 0.47, "trading": 0.21}
# Organisation types by size: micro firms are mostly proprietorships, larger ones companies.
ORGANISATION_TYPES = {
    "micro": {"proprietary": 82, "partnership": 7.5, "private_limited": 5, "llp": 1.2,
              "huf": 1, "cooperative": 0.8, "society": 0.7, "trust": 0.6, "others": 1.2},
    "small": {"proprietary": 30, "partnership": 18, "private_limited": 42, "llp": 4,
              "public_limited": 2, "huf": 1, "cooperative": 1, "others": 2},
    "medium": {"proprietary": 8, "partnership": 10, "private_limited": 65, "llp": 4,
               "public_limited": 10, "cooperative": 1, "others": 2},
}  # fmt: skip
LEGAL_SUFFIXES = {
    "proprietary": ("",),
    "partnership": ("", "", " & Co."),
    "private_limited": (" Pvt Ltd", " Private Limited"),
    "public_limited": (" Ltd", " Limited"),
    "llp": (" LLP",),
    "huf": (" HUF",),
    "cooperative": (" Co-operative Society Ltd",),
    "society": (" Society",),
    "trust": (" Trust",),
    "others": ("", " Associates"),
}
EXPORTER_SHARE = {"micro": 0.054, "small": 0.25, "medium": 0.4}
EXPORTER_FACTOR = {"manufacturing": 1.6, "services": 0.7, "trading": 0.9}
# How small and medium firms pass the limit of the class below: (investment only, turnover only);
# the rest pass both.
UPGRADE_MODES = {"manufacturing": (0.4, 0.8), "services": (0.25, 0.85), "trading": (0.05, 0.9)}

# NIC divisions per major activity, weighted like the registry (engineering heavy).
DIVISION_WEIGHTS = {
    "manufacturing": {"10": 9, "11": 1, "12": 0.3, "13": 6, "14": 7, "15": 2, "16": 2, "17": 1.5,
                      "18": 2, "19": 0.2, "20": 3, "21": 1.5, "22": 6, "23": 3, "24": 5, "25": 14,
                      "26": 5, "27": 5, "28": 10, "29": 7, "30": 3, "31": 2, "32": 3, "33": 3},
    "services": {"38": 1, "41": 3, "42": 3, "43": 6, "49": 8, "50": 0.2, "51": 0.1, "52": 3,
                 "53": 1, "55": 2, "56": 6, "58": 0.5, "59": 1, "61": 1, "62": 6, "63": 1.5,
                 "69": 2, "70": 2, "71": 4, "72": 1, "73": 1.5, "74": 2, "77": 1.5, "78": 1,
                 "79": 1.5, "80": 1.5, "81": 2, "82": 3, "85": 2, "86": 2, "95": 5, "96": 8},
    "trading": {"45": 10, "46": 40, "47": 50},
}  # fmt: skip
CLASS_WEIGHTS = {"2592": 5, "2599": 2, "2511": 2, "2591": 2, "2930": 4, "2220": 3, "1410": 3,
                 "4923": 5, "4711": 4, "4719": 2, "4520": 3, "5610": 3, "6201": 3, "7110": 2,
                 "9602": 2, "4690": 2, "1079": 2, "1312": 2, "2710": 2}  # fmt: skip

# What an enterprise is called and what it does, by NIC class or division ("name words",
# "capabilities", market group). Fields are "|"-separated to keep the table compact.
PROFILES: dict[str, tuple[str, str, str]] = {
    "10": ("Foods|Food Products|Agro Foods|Agro Industries", "food processing and packing|spices, masala and namkeen|pickles, papad and ready-to-eat snacks|rice, flour and pulses milling|bakery products, rusk and biscuits", "food"),
    "1050": ("Dairy|Milk Products|Dairy Products", "pasteurised milk and curd|paneer, ghee and khoa|flavoured milk and ice cream|bulk milk chilling", "food"),
    "1061": ("Rice Mill|Flour Mill|Dal Mill|Agro Industries", "rice milling with colour sorter|chakki atta, maida and suji|pulses and dal processing|besan and millet flour", "food"),
    "1071": ("Bakers|Bakery|Food Products", "bread, bun and rusk|biscuits and cookies|cakes and pastries|namkeen and snacks", "food"),
    "1079": ("Spices|Masala Udyog|Foods|Tea Company", "ground spices and blended masala|tea blending and packing|papad and ready-to-cook mixes|jaggery and honey processing", "food"),
    "1080": ("Feeds|Cattle Feed|Agro Feeds", "cattle and poultry feed|mineral mixture for livestock|floating fish feed|pelletised mash", "food"),
    "11": ("Beverages|Aqua|Drinks", "packaged drinking water|soft drinks and fruit beverages|soda and flavoured water|bottling on contract", "food"),
    "13": ("Textiles|Fabrics|Weaving Mills|Spinning Mills|Tex", "cotton yarn spinning|power loom weaving|handloom sarees and dhotis|fabric dyeing and printing|knitted fabric and hosiery cloth|technical textiles and nonwovens", "tex"),
    "1392": ("Home Textiles|Furnishings|Made-ups", "bed linen and towels|curtains and cushion covers|tarpaulins and tents|jute bags and sacks", "tex"),
    "14": ("Garments|Apparels|Fashions|Clothing", "men's shirts and trousers|kidswear and ladies' kurtis|knitted T-shirts and innerwear|school and industrial uniforms|stitching on job-work basis|embroidery and zari work", "tex"),
    "15": ("Leather Products|Footwear|Leathers", "finished leather|leather bags and belts|safety shoes and sandals|footwear uppers on job work", "tex"),
    "16": ("Wood Industries|Timber|Saw Mill|Plywood", "sawn timber and planing|plywood and block boards|wooden pallets and packing cases|doors and window frames", "build"),
    "17": ("Paper Products|Packaging|Corrugators", "corrugated boxes and sheets|paper cups and plates|kraft paper and duplex board|paper bags and cartons", "pack"),
    "18": ("Printers|Printing Press|Offset Printers|Graphics", "multi-colour offset printing|labels, cartons and stationery|digital and flex printing|book and magazine printing", "svc"),
    "20": ("Chemicals|Chem Industries|Agro Chemicals|Paints", "industrial and specialty chemicals|paints, primers and coatings|detergents, soaps and cleaning products|pesticides and bio-fertilisers|adhesives and resins|dyes and pigments", "chem"),
    "21": ("Pharmaceuticals|Pharma|Life Sciences|Herbals", "tablets, capsules and syrups|Ayurvedic and herbal formulations|APIs and intermediates|contract manufacturing under WHO-GMP", "chem"),
    "22": ("Polymers|Plastics|Rubber Products|Moulders|Packaging", "injection moulding of plastic components|HDPE and PVC pipes|blow-moulded bottles and containers|rubber moulded parts, seals and gaskets|PP woven sacks and films|engineering plastics and precision moulds", "eng"),
    "2211": ("Tyres|Tyre Retreaders|Rubber Industries", "tyre retreading and repair|cycle and two-wheeler tubes|solid and industrial tyres", "auto"),
    "23": ("Ceramics|Cement Products|Glass Works|Bricks", "fly ash bricks and paver blocks|ceramic tiles and sanitaryware|RCC pipes and precast concrete|granite and marble cutting|glass processing and toughening", "build"),
    "24": ("Steels|Metals|Alloys|Castings|Foundry", "mild steel ingots and billets|TMT bars and structural sections|aluminium extrusions|grey and SG iron castings|brass and bronze castings|induction melting and ladle refining", "eng"),
    "2431": ("Castings|Foundry|Cast Tech", "grey iron and SG iron castings|investment casting for pump and valve parts|shell moulding and core making|in-house pattern shop and spectrometer", "eng"),
    "2432": ("Castings|Alloys|Die Casters|Non Ferrous", "aluminium gravity and pressure die casting|brass and bronze sand castings|zinc die-cast components|heat treatment and CNC finishing of castings", "eng"),
    "25": ("Engineering Works|Fabricators|Engineering|Metal Products|Industries", "sheet metal fabrication and powder coating|structural steel fabrication|machined components on CNC lathes|press tools and stamped parts|fasteners and hardware|welding and assembly", "eng"),
    "2511": ("Fabricators|Structurals|Steel Structures|Engineering Works", "pre-engineered buildings and sheds|structural steel fabrication and erection|transmission towers and lattice structures|storage racks and mezzanine floors", "build"),
    "2512": ("Process Equipment|Fabricators|Tanks and Vessels", "pressure vessels and storage tanks|stainless steel process equipment|silos and hoppers", "eng"),
    "2520": ("Defence Systems|Arms|Defence Technologies", "small-arms components and accessories|ammunition boxes and links|machined parts for weapon systems|licensed by the Ministry of Defence", "def"),
    "2591": ("Forgings|Forge|Stampings|Pressings", "closed-die forgings up to 50 kg|hot and cold forging of flanges and shafts|sheet metal stamping and deep drawing|powder metallurgy parts|ring rolling and upset forging", "eng"),
    "2592": ("Precision Engineering|Precision Components|CNC Works|Engineering Works|Coaters", "CNC turning and milling|3-axis and 5-axis VMC machining|cylindrical and surface grinding|electroplating, zinc and nickel coating|powder coating and anodising|heat treatment and induction hardening|gear hobbing and broaching", "eng"),
    "2593": ("Tools|Hardware|Cutting Tools|Tools and Hardware", "hand tools and spanners|carbide and HSS cutting tools|locks, hinges and door hardware|agricultural hand tools", "eng"),
    "2599": ("Metal Products|Engineering|Industries|Fasteners", "bolts, nuts and fasteners|wire products and springs|steel furniture and almirahs|utensils and kitchenware|metal containers and drums", "eng"),
    "26": ("Electronics|Electronic Systems|Technologies|Embedded Systems", "PCB assembly (SMT and through-hole)|cable harnesses and box builds|embedded controllers and IoT devices|power electronics and SMPS|LED drivers and lighting electronics|test and measurement instruments", "elec"),
    "2610": ("Electronics|Circuits|PCB Technologies", "PCB design and assembly|SMT lines with AOI inspection|electronic components and sub-assemblies|conformal coating and potting", "elec"),
    "2630": ("Communication Systems|Telecom|RF Systems", "RF and microwave sub-systems|antennas and communication equipment|optical fibre terminal equipment|tactical radios and accessories", "def"),
    "2651": ("Instruments|Controls|Measurement Systems", "pressure and temperature gauges|process control instruments|flow meters and sensors|calibration and test equipment", "elec"),
    "2670": ("Optics|Opto Electronics|Optical Works", "precision optical lenses and prisms|night vision and sighting optics|thin-film optical coatings", "def"),
    "27": ("Electricals|Electrical Industries|Power Systems|Switchgears", "LT and HT control panels|distribution transformers and rewinding|electric motors and pumps|wires and cables|switchgear and MCB distribution boards|LED luminaires and street lights", "elec"),
    "2720": ("Batteries|Power Solutions|Energy Systems", "lead-acid and lithium-ion battery packs|battery management systems|solar batteries and inverters", "elec"),
    "2732": ("Cables|Wires|Cable Industries", "PVC insulated wires and cables|armoured power cables|control and instrumentation cables|winding wires", "elec"),
    "28": ("Machines|Machine Tools|Engineering|Industrial Equipment|Machinery", "special purpose machines|hydraulic presses and power packs|material handling equipment and conveyors|pumps, valves and compressors|food processing machinery|gears, gearboxes and transmission parts", "eng"),
    "2813": ("Pumps|Valves|Flow Controls|Hydraulics", "centrifugal and submersible pumps|industrial valves and actuators|air compressors and spares|pump casing machining and assembly", "eng"),
    "2814": ("Gears|Transmissions|Bearings", "spur, helical and bevel gears|gearboxes and speed reducers|bearings and bushes|couplings and sprockets", "eng"),
    "2821": ("Agro Machinery|Agro Industries|Krishi Yantra", "tractor-drawn implements|rotavators and cultivators|threshers and reapers|drip and sprinkler irrigation parts", "eng"),
    "2822": ("Machine Tools|Machines|Tool Room", "CNC lathes and machining centres|press brakes and shearing machines|jigs, fixtures and press tools|CAD/CAM and wire-cut EDM tool room", "eng"),
    "29": ("Auto Components|Auto Industries|Automotive|Auto Parts", "automotive sheet metal parts|engine and transmission components|brake and suspension parts|wiring harnesses for vehicles|trailer and tipper bodies|bus body building", "auto"),
    "2930": ("Auto Components|Auto Parts|Automotive", "machined engine components|pressed auto parts|brake, clutch and suspension parts|exhaust systems and silencers|rubber and plastic auto parts", "auto"),
    "30": ("Aerospace|Defence Systems|Marine Engineering|Rail Products|Motors", "aerostructure details and sub-assemblies|UAV airframes and components|railway coach and wagon components|ship repair and boat building|two-wheeler and e-rickshaw parts|composite parts for aerospace", "def"),
    "3020": ("Rail Products|Rail Components|Engineering", "railway wagon and coach parts|bogie components and couplers|RDSO-approved castings and forgings", "rail"),
    "3030": ("Aerospace|Aero Systems|Drones|Aviation", "aircraft detail parts and assemblies|drone and UAV manufacturing|ground support equipment|AS9100 compliant machining", "def"),
    "3040": ("Defence Systems|Armour|Combat Systems", "armour plates and vehicle kits|fighting vehicle sub-assemblies|spares for tanks and infantry vehicles", "def"),
    "31": ("Furniture|Interiors|Wood Crafts", "wooden and modular furniture|office and school furniture|steel furniture and racks", "svc"),
    "32": ("Industries|Crafts|Jewellers|Sports|Toys", "gold and silver jewellery|imitation jewellery|sports goods|toys and games|handicrafts and artware", "trade"),
    "3250": ("Surgicals|Medical Devices|Healthcare", "surgical instruments|orthopaedic implants|medical disposables|dental materials", "chem"),
    "33": ("Engineering Services|Technical Services|Repairs|Power Services", "repair and overhaul of industrial machinery|rewinding of motors and transformers|installation and commissioning of plant|calibration and repair of instruments|annual maintenance contracts for factories", "svc"),
    "38": ("Recyclers|Waste Management|Enviro", "e-waste collection and recycling|plastic waste recycling|metal scrap processing|solar panel recycling", "green"),
    "41": ("Builders|Constructions|Developers|Infra", "residential and commercial buildings|industrial sheds and warehouses|turnkey civil construction|interiors and renovation", "build"),
    "42": ("Infra|Infrastructure|Constructions|Infra Projects", "roads and bridges|water supply and drainage works|railway civil works|pipeline laying and HDD", "build"),
    "43": ("Electricals|Contractors|Interiors|Installations", "electrical installation and wiring|plumbing and fire-fighting systems|HVAC and air-conditioning installation|false ceiling, painting and finishing works|earth moving and site preparation", "build"),
    "45": ("Motors|Automobiles|Auto Spares|Auto Agencies", "two-wheeler dealership|spare parts and accessories|car service and repair|tyres and batteries", "trade"),
    "46": ("Traders|Trading Company|Distributors|Agencies|Enterprises|Impex", "wholesale of steel and hardware|industrial consumables and spares|agricultural produce and grains|FMCG distribution|electrical and electronic goods|chemicals and plastic raw materials|textiles and yarn", "trade"),
    "47": ("Stores|Traders|Emporium|Mart|General Stores", "grocery and provisions|mobile phones and accessories|garments and footwear|hardware, paints and sanitary ware|medical store and pharmacy|electronics and home appliances|stationery and books", "retail"),
    "49": ("Logistics|Transport|Roadlines|Carriers|Travels", "full-truck-load road freight|part-load and parcel services|container and trailer transport|bus and taxi services|school and staff transport", "trans"),
    "50": ("Shipping|Marine Services", "coastal cargo vessels|ferry services|inland waterway transport", "trans"),
    "51": ("Aviation|Air Services", "charter flights|air cargo|helicopter services", "trans"),
    "52": ("Logistics|Warehousing|Cargo|Shipping Agency", "warehousing and storage|cold storage|customs clearance and freight forwarding|cargo handling and loading|container freight station services", "trans"),
    "53": ("Couriers|Express|Logistics", "courier and express delivery|last-mile e-commerce delivery|document and parcel services", "trans"),
    "55": ("Hotels|Residency|Lodge|Resorts", "hotel rooms and banquets|guest house and homestay|resort and conference facilities", "svc"),
    "56": ("Caterers|Restaurant|Foods|Kitchen", "restaurant and takeaway|industrial canteen services|event catering|cloud kitchen and tiffin service", "svc"),
    "61": ("Telecom|Networks|Broadband", "broadband internet services|telecom tower installation|fibre network maintenance", "it"),
    "62": ("IT Solutions|Infotech|Technologies|Software|Systems", "custom software and web applications|mobile app development|ERP implementation and support|cloud migration and DevOps|cybersecurity audits and VAPT|AI/ML and data analytics|embedded software", "it"),
    "63": ("Data Services|Infotech|Digital", "data entry and processing|web hosting|digital content|GIS mapping", "it"),
    "69": ("Associates|Consultants|Tax Consultants", "accounting and GST returns|tax consultancy and audit|legal services", "svc"),
    "70": ("Consultants|Management Services|Advisors", "management consultancy|project reports and DPR preparation|ISO certification consultancy|business process improvement", "svc"),
    "71": ("Consultants|Engineers|Testing Labs|Design Studio", "civil and structural design|mechanical and product design (CAD/CAE)|NDT, material testing and calibration|surveying and drone mapping|third-party inspection", "engsvc"),
    "7120": ("Testing Labs|Laboratories|Analytical Services", "NABL-accredited material testing|chemical and environmental analysis|NDT: ultrasonic, radiography and MPI|EMI/EMC and environmental testing", "engsvc"),
    "72": ("Research|Technologies|Innovations|Labs", "product development and prototyping|R&D in advanced materials|drone and robotics development|electronics and embedded R&D|biotech and agri research", "rnd"),
    "73": ("Advertising|Media|Creations", "outdoor advertising and hoardings|digital marketing|market research", "svc"),
    "74": ("Design|Studio|Consultants", "industrial and product design|photography|translation and interpretation", "svc"),
    "77": ("Rentals|Equipment Hire|Leasing", "crane and earth mover hire|car rental|scaffolding and shuttering on hire", "svc"),
    "78": ("Manpower Services|Placement|HR Solutions", "manpower supply|placement services|contract staffing", "svc"),
    "79": ("Tours and Travels|Travels|Holidays", "tour packages|air and rail ticketing|pilgrimage tours", "svc"),
    "80": ("Security Services|Security", "security guards|CCTV installation and monitoring|investigation services", "svc"),
    "81": ("Facility Services|Cleaning Services|Housekeeping", "housekeeping and facility management|industrial cleaning|pest control|landscaping and garden maintenance", "svc"),
    "82": ("Business Services|Enterprises|Packers|Services", "document processing and photocopying|call centre and customer support|event and exhibition management|packaging and labelling on contract", "svc"),
    "85": ("Academy|Institute|Education|Classes", "coaching and tuition|computer training|skill development and vocational training|driving school", "svc"),
    "86": ("Clinic|Diagnostics|Healthcare|Hospital", "diagnostic laboratory|clinic and day care|physiotherapy|dental clinic", "svc"),
    "95": ("Repairs|Service Centre|Electronics|Care", "mobile and computer repair|home appliance service|AC and refrigerator repair|furniture repair", "svc"),
    "96": ("Services|Beauty Parlour|Salon|Laundry|Studio", "beauty parlour and salon|laundry and dry cleaning|tailoring|event decoration", "svc"),
}  # fmt: skip
MARKETS = {
    "eng": "job work for automotive and defence components|supplies to OEMs and Tier-1 suppliers|vendor to railways, PSUs and defence units|export to Europe and the Middle East|ISO 9001:2015 certified, batch and short-run production|supplies to pump, valve and tractor makers|drawing-to-part with in-house quality lab",
    "auto": "supplies to two-wheeler and tractor OEMs|Tier-2 supplier to automotive OEMs|IATF 16949 certified|aftermarket spares across India",
    "def": "vendor to DRDO labs and DPSUs|AS9100 and ISO 9001 certified|indigenisation of imported spares|supplies to ordnance factories and shipyards",
    "rail": "RDSO-approved vendor|supplies to railway workshops and wagon builders",
    "elec": "supplies to OEMs, utilities and system integrators|BIS certified products|vendor to power utilities and railways|export to Africa and the Middle East",
    "food": "FSSAI licensed unit|supplies to retailers and distributors|institutional supplies to hotels and canteens|export to the Gulf and South-East Asia",
    "tex": "supplies to garment exporters and brands|job work for mills and exporters|export to Europe and the USA|sold through wholesalers across India",
    "chem": "supplies to pharma, textile and paint industries|ISO 9001 and GMP certified|export to South-East Asia and Africa",
    "build": "government and private contracts|registered contractor with PWD and municipal bodies|residential, commercial and industrial projects",
    "pack": "supplies to FMCG, pharma and e-commerce packers|custom printed packaging",
    "trans": "pan-India network|serving industrial clusters and ports|GPS-tracked fleet",
    "it": "clients in India, the USA and Europe|serving MSMEs, start-ups and government departments|ISO 27001 aligned processes",
    "engsvc": "serving manufacturers, EPC contractors and PSUs|NABL and ISO 17025 processes|quick turnaround for MSMEs",
    "rnd": "DSIR-recognised in-house R&D|works with IITs and DRDO labs|iDEX and start-up grant projects",
    "green": "authorised by the State Pollution Control Board|zero liquid discharge practices|serving industries and urban local bodies",
    "trade": "authorised dealer and distributor|wholesale and retail|supplies to institutions and contractors|serving the local market",
    "retail": "serving the neighbourhood for years|home delivery available|wholesale and retail",
    "svc": "serving industries and households in the district|clients across the state|prompt and affordable service",
}  # fmt: skip
GENERIC_WORDS = {
    "manufacturing": "Industries|Enterprises|Manufacturers|Udyog",
    "services": "Enterprises|Services|Associates|Solutions",
    "trading": "Enterprises|Traders|Trading Co.|Agencies",
}
PAN_INDIA_PREFIXES = "Shree Ganesh|Sai|Balaji|Shiv Shakti|Om Sai|Laxmi|Mahalaxmi|Durga|Hanuman|Bharat|Hindustan|National|Star|Royal|New India|Modern|Supreme|Perfect|Apex|Vijay|Ambika|Gayatri|Krishna|Tirupati|Annapurna|Sunrise|Everest|Galaxy|Universal|Global|Accurate|Unique|Ace|Alpha|Omega|Metro|Classic|Prime|United|Friends|Sigma|Venus|Shakti|Swastik|Trishul|Kohinoor|Diamond|Crystal|Jai Bharat|Maa Bhagwati"
PAN_INDIA_SURNAMES = "Sharma|Singh|Khan|Gupta|Kumar|Joseph|Verma|Jain|Agarwal|Patel|Shaikh|Qureshi|Ansari|Rao|Das|Reddy|Iyer|Mehta|Chopra|Kapoor|Fernandes|Mathew|Siddiqui|Mishra"
# Per state: regional name prefixes, owner surnames, industrial estates (the state agency's).
STATE_FLAVOUR = {
    "AN": ("Andaman|Island|Neptune", "Das|Rao|Singh|Biswas", "Industrial Estate"),
    "AP": ("Sri Venkateswara|Sri Sai Balaji|Sri Lakshmi Narasimha|Vijaya|Godavari|Andhra", "Reddy|Rao|Naidu|Chowdary|Varma|Raju", "APIIC Industrial Park|Autonagar|Industrial Estate"),
    "AR": ("Donyi Polo|Arunachal|Siang", "Tayeng|Pertin|Ering|Tamang", "Industrial Estate"),
    "AS": ("Kamakhya|Brahmaputra|Luit|Purbanchal|Assam", "Bora|Baruah|Saikia|Gogoi|Das|Kalita", "AIDC Industrial Estate|Industrial Estate"),
    "BR": ("Magadh|Mithila|Vaishali|Maa Tara|Bodh", "Singh|Yadav|Prasad|Kumar|Mishra|Jha|Sinha", "BIADA Industrial Area"),
    "CH": ("Chandigarh|Capital|Guru Nanak", "Singh|Sharma|Sood|Bansal", "Industrial Area Phase I|Industrial Area Phase II"),
    "CG": ("Maa Bamleshwari|Maa Danteshwari|Chhattisgarh|Mahanadi", "Sahu|Verma|Agrawal|Sinha|Patel", "CSIDC Industrial Area|Industrial Growth Centre"),
    "DL": ("Indraprastha|Capital|Delhi|Shri Ram", "Gupta|Aggarwal|Sharma|Khanna|Malhotra|Arora|Khan", "DSIIDC Industrial Area|Industrial Area Phase II"),
    "GA": ("Konkan|Mandovi|Shantadurga|Mangesh", "Naik|Kamat|Prabhu|Fernandes|D'Souza", "IDC Industrial Estate"),
    "GJ": ("Jay Ambe|Khodiyar|Umiya|Somnath|Dwarkadhish|Saurashtra|Sardar", "Patel|Shah|Mehta|Desai|Parikh|Thakkar|Panchal", "GIDC Estate|GIDC Industrial Area"),
    "HR": ("Shri Shyam|Balaji|Haryana|Kurukshetra|Shri Krishna", "Yadav|Sharma|Gupta|Malik|Jindal|Goyal|Singla", "HSIIDC Industrial Estate|Industrial Area"),
    "HP": ("Himachal|Devbhoomi|Himalayan|Shivalik", "Thakur|Sharma|Chauhan|Verma|Negi", "Industrial Area"),
    "JK": ("Chinar|Kashmir|Vaishno|Jammu Tawi|Himalayan", "Bhat|Dar|Wani|Sharma|Gupta|Khan", "SICOP Industrial Estate|Industrial Estate"),
    "JH": ("Baba Baidyanath|Chotanagpur|Jharkhand|Maa Chhinnamastika", "Mahato|Singh|Oraon|Munda|Sahu|Prasad", "JIADA Industrial Area"),
    "KA": ("Sri Manjunatha|Chamundeshwari|Sri Raghavendra|Vijayanagara|Kaveri|Sri Renuka", "Gowda|Hegde|Shetty|Rao|Kamath|Patil", "KIADB Industrial Area|KSSIDC Industrial Estate"),
    "KL": ("Malabar|Sree Narayana|Periyar|Keralam|Sree Krishna|Bharath", "Joseph|Nair|Menon|Thomas|Varghese|Kurian|Pillai", "KINFRA Industrial Park|Industrial Development Area"),
    "LA": ("Himalayan|Ladakh|Zanskar|Indus", "Namgyal|Dorjay|Tsering", "Industrial Estate"),
    "LD": ("Lakshadweep|Coral|Island", "Koya|Haji|Kasmi", "Industrial Estate"),
    "MP": ("Mahakal|Narmada|Malwa|Shri Ganesh|Bundelkhand", "Sharma|Jain|Patel|Yadav|Agrawal|Chouhan", "MPIDC Industrial Area|Industrial Area"),
    "MH": ("Sahyadri|Shivneri|Swami Samarth|Gajanan|Jai Malhar|Mauli|Deccan", "Patil|Deshmukh|Kulkarni|Joshi|Shinde|Pawar|Jadhav", "MIDC Industrial Area|Co-operative Industrial Estate"),
    "MN": ("Loktak|Manipur|Sanamahi", "Singh|Sharma|Meitei", "Industrial Estate"),
    "ML": ("Meghalaya|Khasi Hills|Garo Hills", "Sangma|Lyngdoh|Kharkongor|Marak", "Industrial Estate"),
    "MZ": ("Mizo|Zoram", "Lalremsiama|Zothanpuia|Lalthanzuala", "Industrial Estate"),
    "NL": ("Naga|Dzukou", "Ao|Jamir|Sema|Angami", "Industrial Estate"),
    "OD": ("Kalinga|Maa Tarini|Jagannath|Utkal|Maa Samaleswari|Konark", "Nayak|Mohanty|Das|Sahoo|Mishra|Panda|Patnaik|Behera", "IDCO Industrial Estate|Industrial Estate"),
    "PY": ("Sri Aurobindo|Annai|Sakthi", "Pillai|Raman|Krishnan", "PIPDIC Industrial Estate"),
    "PB": ("Guru Nanak|Waheguru|Khalsa|Fateh|Punjab|Dashmesh", "Singh|Gill|Sandhu|Dhillon|Grewal|Bajwa|Sharma", "Focal Point|Industrial Area"),
    "RJ": ("Shri Shyam|Marudhar|Rajputana|Mewar|Shri Ram|Marwar", "Agarwal|Jain|Rathore|Choudhary|Maheshwari|Sharma", "RIICO Industrial Area"),
    "SK": ("Kanchenjunga|Sikkim|Teesta", "Bhutia|Lepcha|Rai|Pradhan|Sharma", "Industrial Estate"),
    "TN": ("Sri Murugan|Annai|Sakthi|Kongu|Vetri|Sri Lakshmi|Kaveri", "Iyer|Subramanian|Pillai|Raman|Natarajan|Murugesan|Krishnan", "SIDCO Industrial Estate|SIPCOT Industrial Park"),
    "TS": ("Sri Sai|Kakatiya|Deccan|Sri Venkateswara|Bhagyanagar|Sri Lakshmi", "Reddy|Rao|Goud|Yadav|Chary", "TSIIC Industrial Park|IDA Industrial Area|Autonagar"),
    "DN": ("Daman Ganga|Sardar|Jay Ambe", "Patel|Tandel|Shah", "Industrial Estate"),
    "TR": ("Tripura|Tripureswari|Gomati", "Debbarma|Das|Saha|Chakraborty", "Industrial Estate|Industrial Growth Centre"),
    "UP": ("Shri Ram|Awadh|Kashi|Bankey Bihari|Radhe Krishna|Ganga", "Singh|Yadav|Gupta|Khan|Agarwal|Mishra|Tiwari|Ansari", "UPSIDA Industrial Area|Industrial Estate"),
    "UK": ("Devbhoomi|Kedarnath|Badri Vishal|Himalayan|Doon", "Rawat|Negi|Bisht|Joshi|Pant", "SIIDCUL Industrial Estate"),
    "WB": ("Maa Kali|Maa Durga|Loknath|Bengal|Tara Maa|Ganga", "Das|Banerjee|Chatterjee|Ghosh|Bose|Mukherjee|Sen|Mondal", "WBIIDC Industrial Estate|Industrial Growth Centre"),
}  # fmt: skip
TOWN_SUFFIXES = {
    "north": "pur|nagar|ganj|abad|garh",
    "west": "pur|gaon|wadi|nagar|pura",
    "south": "pet|palli|puram|halli|ur",
    "east": "pur|garh|gram|nagar|pada",
    "northeast": "pur|gaon|nagar|bari",
}
REGIONS = {
    "north": "CH DL HR HP JK LA PB RJ UK UP MP CG",
    "west": "GA GJ MH DN",
    "south": "AP KA KL LD PY TN TS",
    "east": "AN BR JH OD WB",
    "northeast": "AR AS MN ML MZ NL SK TR",
}
TOWN_ROOTS = "Ram|Shiv|Krishna|Hari|Lakshmi|Narayan|Sundar|Gopal|Madhav|Anand|Sita|Mohan|Vijay|Kamal|Chandan|Bhawani|Durga|Raghu|Keshav|Shanti"
ROADS = "Main Road|Station Road|MG Road|Gandhi Road|Nehru Road|Ring Road|Bypass Road|Highway Road|College Road|Market Road"
COMPLEXES = "Sai Complex|Krishna Plaza|City Centre|Trade Centre|Business Park|Shopping Complex|Royal Arcade|Laxmi Tower|Ganga Chambers"
MARKET_PLACES = "Main Bazaar|Sadar Bazaar|Market Yard|Gandhi Chowk|Station Road|Old Market|New Market|Cloth Market|Grain Market|Hardware Market"
FLOORS = ("Ground", "1st", "2nd", "3rd")
EMAIL_DOMAINS = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.co.in",
    "rediffmail.com",
    "outlook.com",
)
LONG_NAME_TAIL = "Manufacturers Suppliers Exporters Importers Traders Dealers Distributors Wholesalers Retailers Service Providers Contractors Consultants and Job Workers for All Kinds of Industrial and Domestic Products"  # fmt: skip
UNKNOWN_STATE_CODES = ("OR", "TG", "UA", "CT", "DD", "XX", "IN")


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _town(root: str, suffix: str) -> str:
    """A town-like name: Rampur, Gopalganj, Krishnapuram, Sitapur (not "Sitaur")."""
    if root[-1] in "aeiou" and suffix[0] in "aeiou":
        suffix = "pur" if suffix == "ur" else suffix[1:]
    return root + suffix


def _cumulative(weights: list[float]) -> list[float]:
    """Cumulative weights scaled to end at exactly 1.0, for `table[bisect(cum, random())]`."""
    total = sum(weights)
    cum = [w / total for w in accumulate(weights)]
    cum[-1] = 1.0
    return cum


def _quoted(text: str) -> str:
    """A CSV field (RFC 4180): quoted when it holds a comma, quote or line break."""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _clean_piece(text: str, *, quoted: bool = False) -> str:
    """A piece of generated text, checked once so rows can be built without CSV escaping: no
    quotes or line breaks anywhere, and no commas in pieces of unquoted fields."""
    if any(ch in text for ch in '"\r\n') or (not quoted and "," in text):
        raise ValueError(f"{text!r} cannot be used in generated CSV fields")
    return text


@dataclass
class RegistryStats:
    """What a run wrote."""

    rows: int = 0
    bad_rows: int = 0
    bad_kinds: Counter[str] = field(default_factory=Counter)
    bytes: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Tables:
    """Choice tables that do not depend on the seed, built once per process.

    locations: (state code, district number, "district,PIN,state" with and without the
        district, towns, name table, estates),
        weighted by the state's share of registrations, evenly over its PIN codes.
    activities: (major activity, activity index, NIC class, name words, opened descriptions,
        market phrases, other classes of the division), weighted by activity, division, class.
    """

    locations: tuple[tuple, ...]
    location_cum: list[float]
    activities: tuple[tuple, ...]
    activity_cum: list[float]
    organisations: dict[str, tuple[tuple[tuple[str, str], ...], list[float]]]
    dates: tuple[str, ...]
    unknown_nic: tuple[str, ...]


def _initials() -> tuple[str, ...]:
    letters = "ABCDGHJKMNPRSTV"
    pairs = [(a, b) for a in letters for b in letters if a != b]
    return tuple((f"{a}. {b}.", f"{a} {b}", f"{a}{b}")[n % 3] for n, (a, b) in enumerate(pairs))


def _first_names(state_code: str) -> tuple[tuple[tuple[str, str, bool], ...], list[float]]:
    """What an enterprise name starts with in a state: (text, e-mail slug, is a surname),
    weighted: half a prefix (regional or pan-Indian), a third a surname, the rest initials."""
    prefixes, surnames, _ = STATE_FLAVOUR[state_code]
    parts: list[tuple[tuple[str, str, bool], float]] = []

    def add(texts: tuple[str, ...], share: float, *, surname: bool = False) -> None:
        for text in texts:
            parts.append(((_clean_piece(text), _slug(text), surname), share / len(texts)))

    add(_split(prefixes), 0.5 * 0.4 * 0.9)
    add(_split(PAN_INDIA_PREFIXES), 0.5 * 0.6 * 0.9)
    add(tuple(f"New {p}" for p in _split(PAN_INDIA_PREFIXES)), 0.5 * 0.1)
    add(_split(surnames), 0.35 * 0.6, surname=True)
    add(_split(PAN_INDIA_SURNAMES), 0.35 * 0.4, surname=True)
    add(_initials(), 0.15)
    return tuple(p for p, _ in parts), _cumulative([w for _, w in parts])


def _location_table() -> tuple[list[tuple], list[float]]:
    region_of = {code: region for region, codes in REGIONS.items() for code in codes.split()}
    roots = _split(TOWN_ROOTS)
    entries: list[tuple] = []
    weights: list[float] = []
    pins_by_state = pin_codes_by_state()
    directory = pin_directory()
    for state in STATES:
        suffixes = _split(TOWN_SUFFIXES[region_of[state.code]])
        estates = tuple(_clean_piece(e) for e in _split(STATE_FLAVOUR[state.code][2]))
        names, names_cum = _first_names(state.code)
        # pin_codes_by_state() gives only PINs whose main state is this one and that have a
        # district: exactly the ones the importer accepts for it.
        located = [directory[pin] for pin in pins_by_state[state.code]]
        # District numbers follow the alphabet, so they are the same in every file.
        districts = sorted({loc.district for loc in located})
        if len(districts) > 99:
            raise ValueError(f"{state.code} has more than 99 districts")
        district_info = {}
        for number, district in enumerate(districts, start=1):
            # Town names are the same for a district in every file, whatever the seed.
            towns_rng = random.Random(f"{state.code}/{district}")  # noqa: S311 -- not secret
            towns = [_town(towns_rng.choice(roots), towns_rng.choice(suffixes)) for _ in range(3)]
            town = district
            for word in (" Urban", " Rural", " District", " Metro", " Suburban"):
                town = town.removesuffix(word)
            if town.split()[0] not in ("North", "South", "East", "West", "Central", "Shahdara"):
                towns = [town, town, town, *towns]  # half the time the district's own name
            elif state.code in ("DL", "CH"):
                towns = [state.name] * 3 + towns
            district_info[district] = (
                f"{number:02d}",
                _clean_piece(district),
                tuple(_clean_piece(t) for t in towns),
            )
        share = state.share / len(located)
        for loc in located:
            number, district, towns = district_info[loc.district]
            # District, PIN and state side by side in the row; the district left out 5% of the
            # time, as the importer fills it from the PIN.
            place = (f"{district},{loc.pin},{state.code}", f",{loc.pin},{state.code}")
            entries.append((state.code, number, place, towns, names, names_cum, estates))
            weights.append(share)
    return entries, _cumulative(weights)


def _activity_table() -> tuple[list[tuple], list[float]]:
    codes = nic_codes()
    classes_by_division: dict[str, list[str]] = {}
    for code, entry in codes.items():
        if entry.level == "class":
            classes_by_division.setdefault(code[:2], []).append(code)
    markets = {key: _split(value) for key, value in MARKETS.items()}
    entries: list[tuple] = []
    weights: list[float] = []
    for kind, (activity, divisions) in enumerate(DIVISION_WEIGHTS.items()):
        generic = _split(GENERIC_WORDS[activity])
        division_total = sum(divisions.values())
        for division, division_weight in divisions.items():
            classes = sorted(classes_by_division[division])
            class_weights = [CLASS_WEIGHTS.get(c, 1) for c in classes]
            class_total = sum(class_weights)
            for code, class_weight in zip(classes, class_weights, strict=True):
                profile = PROFILES.get(code) or PROFILES.get(division)
                if profile:
                    words = _split(profile[0])
                    capabilities = _split(profile[1])
                    market = markets[profile[2]]
                    # Every capability alone and every ordered pair of two.
                    texts = [*capabilities] + [
                        f"{a}, {b}" for a in capabilities for b in capabilities if a != b
                    ]
                else:
                    words = generic
                    market = markets[("eng", "svc", "trade")[kind]]
                    texts = [codes[code].title]
                # Four in five names take a word of the class, the rest a generic one.
                name_words = words * (4 * len(generic)) + generic * len(words)
                entries.append(
                    (
                        activity,
                        kind,
                        code,
                        tuple((_clean_piece(w), _slug(w)) for w in name_words),
                        # Opened quote, closed after the market phrase.
                        tuple('"' + _clean_piece(t, quoted=True) + "; " for t in texts),
                        tuple(_clean_piece(m, quoted=True) for m in market),
                        tuple(c for c in classes if c != code),
                    )
                )
                weights.append(
                    ACTIVITY_SHARES[activity]
                    * division_weight
                    / division_total
                    * class_weight
                    / class_total
                )
    return entries, _cumulative(weights)


@cache
def _tables() -> _Tables:
    locations, location_cum = _location_table()
    activities, activity_cum = _activity_table()
    organisations = {}
    for size, mix in ORGANISATION_TYPES.items():
        choices, weights = [], []
        for org, weight in mix.items():
            for suffix in LEGAL_SUFFIXES[org]:
                choices.append((org, suffix))
                weights.append(weight / len(LEGAL_SUFFIXES[org]))
        organisations[size] = (tuple(choices), _cumulative(weights))
    codes = nic_codes()
    return _Tables(
        locations=tuple(locations),
        location_cum=location_cum,
        activities=tuple(activities),
        activity_cum=activity_cum,
        organisations=organisations,
        dates=tuple(
            date.fromordinal(o).isoformat()
            for o in range(FIRST_COMMENCEMENT.toordinal(), LAST_COMMENCEMENT.toordinal() + 1)
        ),
        unknown_nic=tuple(
            c
            for c in (f"{n:04d}" for n in range(100, 10_000, 37))
            if c not in codes or codes[c].level != "class"
        ),
    )


class RegistryGenerator:
    """Rows of a synthetic registry for one seed; `chunks()` yields them as CSV text.

    All randomness of the rows comes from one `random.Random(seed)` and the tables are built in
    a fixed order, so the output depends only on the seed, the bad-row share and the row count.
    Choices are precomputed as flat tables with cumulative weights, so a row costs about
    thirty draws and no searching beyond `bisect`.
    """

    def __init__(self, seed: int, bad_share: float = 0.0) -> None:
        if not 0.0 <= bad_share <= MAX_BAD_SHARE:
            raise ValueError(f"bad_share must be between 0 and {MAX_BAD_SHARE}")
        self.seed = seed
        self.bad_share = bad_share
        self.rng = random.Random(seed)  # noqa: S311 -- synthetic data, not secrets
        self.tables = _tables()

    # --- rows ------------------------------------------------------------------------------

    def chunks(
        self, rows: int, *, bad_log: list[tuple[int, str]] | None = None
    ) -> Iterator[tuple[int, str]]:
        """(rows in the chunk, CSV text) for the header and `rows` enterprises, in chunks.

        With `bad_log`, every broken row is appended as (line number, kind); the header is
        line 1.
        """
        if not 1 <= rows <= MAX_ROWS:
            raise ValueError(f"rows must be between 1 and {MAX_ROWS}")
        rng = self.rng
        rnd = rng.random
        # Serials: an affine permutation of the row index, unique for up to MAX_ROWS rows and
        # not in file order (a real registry is not sorted by serial).
        modulus = MAX_ROWS
        step = rng.randrange(1_000_003, modulus)
        while gcd(step, modulus) != 1:
            step += 1
        offset = rng.randrange(modulus)

        tables = self.tables
        locations, location_cum = tables.locations, tables.location_cum
        activities, activity_cum = tables.activities, tables.activity_cum
        orgs = tuple(tables.organisations[s] for s in ("micro", "small", "medium"))
        dates, n_dates = tables.dates, len(tables.dates)
        roads, complexes = _split(ROADS), _split(COMPLEXES)
        market_places, floors, domains = _split(MARKET_PLACES), FLOORS, EMAIL_DOMAINS
        digits = "0123456789"
        micro, small, medium = SIZE_LIMITS
        micro_investment, micro_turnover = micro.investment, micro.turnover
        p_micro = SIZE_SHARES["micro"]
        p_small = p_micro + SIZE_SHARES["small"]
        export_share = (EXPORTER_SHARE["micro"], EXPORTER_SHARE["small"], EXPORTER_SHARE["medium"])
        export_factor = tuple(EXPORTER_FACTOR[a] for a in DIVISION_WEIGHTS)
        upgrade = tuple(UPGRADE_MODES[a] for a in DIVISION_WEIGHTS)
        flags = ("Y,Y", "Y,N", "N,Y", "N,N")
        # Women-led and SC/ST-owned independently: 20% and 15%.
        flags_cum = _cumulative([0.2 * 0.15, 0.2 * 0.85, 0.8 * 0.15, 0.8 * 0.85])
        bad_share = self.bad_share
        n_kinds = len(BAD_KINDS)
        previous = None  # the fields of the last good row

        yield 0, HEADER + "\n"
        index = 0
        while index < rows:
            stop = min(index + CHUNK_ROWS, rows)
            lines = []
            append = lines.append
            for i in range(index, stop):
                state, district_no, place, towns, names, names_cum, estates = locations[
                    bisect(location_cum, rnd())
                ]
                activity, kind, nic, words, descriptions, markets, siblings = activities[
                    bisect(activity_cum, rnd())
                ]
                udyam = f"UDYAM-{state}-{district_no}-{1 + (step * i + offset) % modulus:07d}"

                # Size first, then amounts inside the class (exceeding either limit moves up).
                u = rnd()
                if u < p_micro:
                    size = 0
                    investment = int(micro_investment * rnd() ** (3 + kind)) // 100 * 100
                    domestic = int(micro_turnover * rnd() ** 4) // 1000 * 1000
                    employees = 1 + int(20 * rnd() ** 2.2)
                else:
                    if u < p_small:
                        size, lower, upper = 1, micro, small
                        employees = 10 + int(141 * rnd() ** 1.5)
                    else:
                        size, lower, upper = 2, small, medium
                        employees = 50 + int(951 * rnd() ** 2)
                    # Pass the investment limit, the turnover limit or both of the class below.
                    mode = rnd()
                    investment_only, turnover_only = upgrade[kind]
                    if investment_only <= mode < turnover_only:
                        investment = int(upper.investment * rnd() ** 2)
                    else:
                        investment = (
                            lower.investment
                            + 1
                            + int((upper.investment - lower.investment - 1) * rnd() ** 2)
                        )
                    if mode < investment_only:
                        domestic = int(upper.turnover * rnd() ** 2)
                    else:
                        domestic = (
                            lower.turnover
                            + 1
                            + int((upper.turnover - lower.turnover - 1) * rnd() ** 2)
                        )
                # Exports are outside the class limits: turnover = domestic + exports.
                if rnd() < export_share[size] * export_factor[kind]:
                    export = int(domestic * (0.05 + 1.5 * rnd() ** 2))
                else:
                    export = 0
                org_choices, org_cum = orgs[size]
                org, suffix = org_choices[bisect(org_cum, rnd())]

                # Name: a prefix, surname or initials, an activity word, a legal suffix.
                first, first_slug, surname = names[bisect(names_cum, rnd())]
                word, word_slug = words[int(rnd() * len(words))]
                if surname and kind == 2 and rnd() < 0.15 and not suffix:
                    word, word_slug = "& Sons", "sons"
                name = f"{first} {word}{suffix}"

                town = towns[int(rnd() * len(towns))]
                n = 1 + int(rnd() * 250)
                if kind == 0:
                    u = rnd()
                    if u < 0.55:
                        address = f'"Plot {n}, {estates[int(rnd() * len(estates))]}, {town}"'
                    elif u < 0.8:
                        address = f'"Shed {n}, {estates[int(rnd() * len(estates))]}, {town}"'
                    else:
                        address = f'"Survey No. {n}/{1 + int(rnd() * 9)}, {roads[int(rnd() * 10)]}, {town}"'
                elif kind == 1:
                    if rnd() < 0.6:
                        address = f'"Office {n}, {floors[int(rnd() * 4)]} Floor, {complexes[int(rnd() * 9)]}, {town}"'
                    else:
                        address = f'"{n}, {roads[int(rnd() * 10)]}, {town}"'
                else:
                    address = f'"Shop {n}, {market_places[int(rnd() * 10)]}, {town}"'

                # 1-3 codes, the main one first; sub-classes are the class and one digit.
                u = rnd()
                if u < 0.55 or not siblings:
                    nic_field = nic + digits[int(rnd() * 10)]
                elif u < 0.6:
                    nic_field = nic
                else:
                    a = siblings[int(rnd() * len(siblings))]
                    nic_field = f"{nic}{digits[int(rnd() * 10)]};{a}{digits[int(rnd() * 10)]}"
                    if u > 0.87:
                        b = siblings[int(rnd() * len(siblings))]
                        if b != a:
                            nic_field = f"{nic_field};{b}{digits[int(rnd() * 10)]}"

                u = rnd()
                if u < 0.5:
                    email = ""
                elif u < 0.75:
                    email = f"{first_slug}{word_slug}@{domains[int(rnd() * 6)]}"
                elif u < 0.9:
                    email = f"info@{first_slug}{word_slug}.{'in' if u < 0.82 else 'com'}"
                else:
                    email = (
                        f"{first_slug}.{word_slug}{10 + int(rnd() * 90)}@{domains[int(rnd() * 6)]}"
                    )

                fields = [
                    udyam,
                    name,
                    org,
                    activity,
                    dates[n_dates - 1 - int(n_dates * rnd() ** 3)],  # recent years weigh more
                    nic_field,
                    str(investment),
                    str(domestic + export),
                    str(export),
                    str(employees),
                    address,
                    town,
                    place[0] if rnd() < 0.95 else place[1],  # district,pin_code,state_code
                    flags[bisect(flags_cum, rnd())],  # women_led,sc_st_owned
                    email,
                    str(6_000_000_000 + int(rnd() * 4_000_000_000)) if rnd() < 0.85 else "",
                    descriptions[int(rnd() * len(descriptions))]
                    + markets[int(rnd() * len(markets))]
                    + '"'
                    if rnd() < 0.92
                    else "",
                ]
                if bad_share and rnd() < bad_share:
                    bad_kind = BAD_KINDS[int(rnd() * n_kinds)]
                    if bad_kind == "duplicate_udyam_number" and previous is None:
                        bad_kind = "empty_name"
                    fields[12:14] = [*fields[12].split(","), *fields[13].split(",")]
                    self._break(fields, bad_kind, previous)
                    if bad_log is not None:
                        bad_log.append((i + 2, bad_kind))
                else:
                    previous = fields  # in the short form, with fields 12 and 13 combined
                append(",".join(fields))
            lines.append("")
            yield stop - index, "\n".join(lines)
            index = stop

    def _break(self, fields: list[str], kind: str, previous: list[str] | None) -> None:
        """Break one rule of the import format in `fields`, in the way `kind` names."""
        rnd = self.rng.random
        udyam = fields[0]
        state, district_no, serial = udyam[6:8], udyam[9:11], udyam[12:]
        variant = int(rnd() * 4)
        if kind == "bad_udyam_format":
            fields[0] = (
                f"UDYAM-{state}-{district_no}-{serial[1:]}",  # six digits
                f"udyam-{state.lower()}-{district_no}-{serial}",
                f"UDYAM-{state}-00-{serial}",
                f"{state}{district_no}{'ABCDE'[int(rnd() * 5)]}{serial}",  # old Udyog Aadhaar
            )[variant]
        elif kind == "unknown_state_code":
            code = UNKNOWN_STATE_CODES[int(rnd() * len(UNKNOWN_STATE_CODES))]
            fields[0] = f"UDYAM-{code}-{district_no}-{serial}"
            fields[14] = code
        elif kind == "pin_not_in_state":
            while True:
                other = self.tables.locations[bisect(self.tables.location_cum, rnd())]
                if other[0] != state:
                    break
            fields[13] = other[2][1].split(",")[1]  # a PIN of another state, as if mistyped
        elif kind == "unknown_nic_class":
            code = self.tables.unknown_nic[int(rnd() * len(self.tables.unknown_nic))]
            codes = fields[5].split(";")
            codes[0] = code + ("" if variant == 0 else str(variant))
            fields[5] = ";".join(codes)
        elif kind == "negative_amount":
            column = 6 if variant < 2 else 9
            fields[column] = f"-{max(int(fields[column]), 1)}"
        elif kind == "non_numeric_amount":
            column = 9 if variant == 3 else 6
            fields[column] = _quoted(
                (
                    _indian_grouping(int(fields[column])),
                    f"{int(fields[column]) / 100_000:.1f} lakh",
                    "NA",
                    "about " + fields[column],
                )[variant]
            )
        elif kind == "export_exceeds_turnover":
            turnover = int(fields[7])
            fields[8] = str(turnover + 1 + int(rnd() * (turnover + 100_000)))
        elif kind == "invalid_date":
            year = fields[4][:4]
            fields[4] = (
                f"{year}-02-30",
                f"{year}-04-31",
                f"{year}-13-{fields[4][8:]}",
                f"{fields[4][8:]}/{fields[4][5:7]}/{year}",
            )[variant]
        elif kind == "future_date":
            fields[4] = f"{2090 + int(rnd() * 10)}{fields[4][4:]}"
            if fields[4].endswith("-02-29"):
                fields[4] = fields[4][:-2] + "28"
        elif kind == "wrong_column_count":
            if variant == 0:
                fields.pop()
            elif variant == 1:
                fields.append("")
            else:  # an address with commas but no quotes
                fields[10] = fields[10].strip('"')
        elif kind == "duplicate_udyam_number":
            # The previous enterprise listed again with this year's figures: a duplicate and
            # nothing else (the amounts still fit together).
            assert previous is not None
            figures = fields[6:10]
            fields[:] = previous
            fields[12:14] = [*previous[12].split(","), *previous[13].split(",")]
            fields[6:10] = figures
        elif kind == "empty_name":
            fields[1] = ""
        elif kind == "bad_yes_no_flag":
            fields[15 + variant % 2] = ("maybe", "maybe", "NA", "1")[variant]
        elif kind == "over_long_name":
            name = f"{fields[1]} {LONG_NAME_TAIL}"
            while len(name) <= 255:
                name = f"{name} {LONG_NAME_TAIL}"
            fields[1] = name[: 256 + int(rnd() * 40)].rstrip()
            if len(fields[1]) <= 255:
                fields[1] += " Ltd"


def _indian_grouping(amount: int) -> str:
    """12,34,567: how amounts are often written in India (and not a number in the format)."""
    text = str(amount)
    if len(text) <= 3:
        return text + ".00"
    head, tail = text[:-3], text[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups, tail]) if head else ",".join([*groups, tail])


def write_registry(
    path: Path,
    *,
    rows: int,
    seed: int,
    bad_share: float = 0.0,
    progress: Callable[[int, float], None] | None = None,
    progress_every: int = 500_000,
    bad_log: list[tuple[int, str]] | None = None,
) -> RegistryStats:
    """Write a synthetic registry of `rows` enterprises to `path` (gzip when it ends in .gz).

    The file appears complete or not at all: it is written beside the target and renamed.
    The gzip header carries no name and no time, so the same arguments give the same bytes.
    Writing and compressing run in a second thread (zlib releases the GIL), so a gzip file
    costs little more wall time than a plain one when a second core is free.
    `progress(rows_done, seconds)` is called about every `progress_every` rows.
    """
    path = Path(path)
    started = time.perf_counter()
    generator = RegistryGenerator(seed, bad_share)
    stats = RegistryStats()
    kinds: Counter[str] = Counter()
    log: list[tuple[int, str]] = [] if bad_log is None else bad_log
    partial = path.with_name(f".{path.name}.part")
    next_progress = progress_every
    try:
        with partial.open("wb") as raw, ThreadPoolExecutor(max_workers=1) as writer:
            out: BinaryIO = raw
            if path.name.endswith(".gz"):
                out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0)  # fmt: skip
            pending: deque[Future] = deque()
            for count, text in generator.chunks(rows, bad_log=log):
                # One worker runs the writes in order; two chunks in flight bound the memory.
                pending.append(writer.submit(out.write, text.encode()))
                if len(pending) > 2:
                    pending.popleft().result()
                stats.rows += count
                if bad_log is None:
                    # Count and forget, so memory stays flat for millions of rows.
                    kinds.update(kind for _, kind in log)
                    log.clear()
                if progress and stats.rows >= next_progress:
                    progress(stats.rows, time.perf_counter() - started)
                    next_progress += progress_every
            for future in pending:
                future.result()
            if out is not raw:
                out.close()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if bad_log is not None:
        kinds.update(kind for _, kind in bad_log)
    stats.bad_kinds = kinds
    stats.bad_rows = sum(kinds.values())
    stats.bytes = path.stat().st_size
    stats.seconds = time.perf_counter() - started
    return stats
