"""Demo organisations and users, drawn from the news reports behind the portal (see shared/seeds).

Loading is idempotent: running `udyamsetu demo` again keeps what is there and adds what is not.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from udyamsetu.accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "Setu-Demo-2026"
# A fixed secret so the demo's printed two-factor instructions stay the same between runs.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPUDYAMSETU2DEMO23"

ORGANISATIONS = [
    {
        "slug": "kalinga-precision",
        "name": "Kalinga Precision Engineering Pvt Ltd",
        "kind": Organisation.Kind.ENTERPRISE,
        "city": "Cuttack",
        "description": "5-axis CNC machining and sheet-metal sub-assemblies for defence and aerospace.",
    },
    {
        "slug": "galil-aero",
        "name": "Galil Aero Systems Ltd",
        "kind": Organisation.Kind.FOREIGN_PARTNER,
        "country": "IL",
        "city": "Haifa",
        "description": "Small unmanned aerial systems; seeks an Indian composites partner.",
    },
    {
        "slug": "formosa-green-tech",
        "name": "Formosa Green Tech Co.",
        "kind": Organisation.Kind.FOREIGN_PARTNER,
        "country": "TW",
        "city": "Taichung",
        "description": "Zero liquid discharge systems for effluent treatment plants; e-waste recycling.",
    },
    {
        "slug": "drdo-pxe",
        "name": "Proof and Experimental Establishment (PXE), DRDO",
        "kind": Organisation.Kind.BUYER_AGENCY,
        "city": "Chandipur, Balasore",
        "description": "Range instrumentation and proof testing of armament systems.",
    },
    {
        "slug": "accurate-engineering-cluster",
        "name": "Accurate Engineering Cluster (AEC) CFC",
        "kind": Organisation.Kind.FACILITY_OPERATOR,
        "city": "Cuttack",
        "description": "Common facility centre: precision machining, prototyping and quality control.",
    },
    {
        "slug": "msme-dfo-cuttack",
        "name": "MSME Development and Facilitation Office, Cuttack",
        "kind": Organisation.Kind.GOVERNMENT_OFFICE,
        "city": "Cuttack",
        "description": "Ministry of MSME field office for Odisha.",
    },
]

USERS = [
    {
        "email": "owner@udyamsetu.example",
        "full_name": "Priya Nayak",
        "org": "kalinga-precision",
        "role": "owner",
        "who": "Indian enterprise, owner",
    },
    {
        "email": "teammate@udyamsetu.example",
        "full_name": "Rahul Sahoo",
        "org": "kalinga-precision",
        "role": "member",
        "who": "Indian enterprise, member",
    },
    {
        "email": "partner@udyamsetu.example",
        "full_name": "Noa Levi",
        "timezone": "Asia/Jerusalem",
        "org": "galil-aero",
        "role": "owner",
        "who": "foreign partner (Israel)",
    },
    {
        "email": "greentech@udyamsetu.example",
        "full_name": "Chen Mei-ling",
        "timezone": "Asia/Taipei",
        "org": "formosa-green-tech",
        "role": "owner",
        "who": "foreign partner (Taiwan)",
    },
    {
        "email": "buyer@udyamsetu.example",
        "full_name": "Subodha Kumar Nayak",
        "org": "drdo-pxe",
        "role": "owner",
        "who": "buyer agency (DRDO lab)",
    },
    {
        "email": "facility@udyamsetu.example",
        "full_name": "Sandeep Kumar Rout",
        "org": "accurate-engineering-cluster",
        "role": "owner",
        "who": "facility operator",
    },
    {
        "email": "official@udyamsetu.example",
        "full_name": "Anita Mohanty",
        "org": "msme-dfo-cuttack",
        "role": "owner",
        "who": "government official (two-factor)",
        "mfa": True,
    },
    {
        "email": "admin@udyamsetu.example",
        "full_name": "Portal Administrator",
        "staff": True,
        "who": "staff, Django admin (two-factor)",
        "mfa": True,
    },
]

# What the demo government office may do as officials.
OFFICE_PERMISSIONS = [
    "accounts.view_all_organisations",
    "enterprises.verify_enterprise",
    "enterprises.view_programme_statistics",
    "enterprises.import_registry",
    "enterprises.manage_vocabularies",
    "enterprises.moderate_reports",
    "marketplace.review_post",
    "partnerships.view_partnership_summary",
]

# Published opportunities, so matches have something to answer: (organisation, fields, terms).
POSTS = [
    ("drdo-pxe", {
        "kind": "indigenisation", "title": "Indigenisation: machined housings for a range tracking mount",
        "description": "Presently imported aluminium 7075 housings and brackets of an "
                       "electro-optical tracking mount. 5-axis CNC machining to drawings, hard "
                       "anodising, CMM inspection reports. 40 sets a year.",
        "part_number": "PXE-ETM-H-0417", "quantity": 40, "annual_demand": 40,
        "buyer": "Proof and Experimental Establishment, Chandipur", "route": "make_ii",
        "positive_list": True,
    }, {"processes": ["cnc-machining-5-axis", "hard-anodising"],
        "required_certifications": ["iso-9001"], "technology_areas": ["electro-optics"]}),
    ("formosa-green-tech", {
        "kind": "technology_offer", "title": "E-waste recycling technology for licence in India",
        "description": "Hydrometallurgical recovery of copper, gold and silver from printed "
                       "circuit boards, with zero liquid discharge. Licence and plant set-up "
                       "support for Indian recyclers and effluent treatment firms.",
        "stage": "market", "partnership_sought": ["licence", "joint_venture"],
        "ipr_status": "granted", "target_countries": ["IN"],
    }, {"technology_areas": ["e-waste-recycling", "zero-liquid-discharge"]}),
    ("galil-aero", {
        "kind": "business_request", "title": "Indian composites partner for UAV airframes",
        "description": "Carbon fibre layup and autoclave curing of airframe parts for small "
                       "drones, with machining of metal inserts. Joint venture or supply.",
        "stage": "prototype", "partnership_sought": ["joint_venture", "supplier"],
        "target_countries": ["IN"], "is_anonymous": True,
    }, {"processes": ["carbon-fibre-layup", "autoclave-curing"],
        "technology_areas": ["drones-unmanned-platforms"]}),
    # Waiting for the demo office's review.
    ("drdo-pxe", {
        "kind": "tender", "status": "submitted",
        "title": "Tender: safety shoes for range staff, 1,200 pairs",
        "description": "Anti-static safety shoes to IS 15298, steel toe cap, sizes 5 to 11. "
                       "Delivery in two lots to Chandipur.",
        "value_band": "lt25l", "msme_preference": True,
    }, {"required_certifications": ["bis-isi-licence"]}),
]  # fmt: skip


def _demo_posts(organisations: dict[str, Organisation]) -> None:
    """A few published opportunities from the demo's buyer and partners, and one waiting for
    the office's review."""
    from udyamsetu.enterprises.models import Term
    from udyamsetu.marketplace.models import Post

    for slug, fields, terms in POSTS:
        organisation = organisations.get(slug)
        if organisation is None or Post.objects.filter(title=fields["title"]).exists():
            continue
        fields = {"status": Post.Status.PUBLISHED, **fields}
        when = {"published_at" if fields["status"] == Post.Status.PUBLISHED else "submitted_at":
                timezone.now()}  # fmt: skip
        if fields["kind"] == Post.Kind.TENDER:
            when["deadline"] = timezone.now() + timedelta(days=30)
        post = Post.objects.create(
            organisation=organisation, expires_on=timezone.localdate() + timedelta(days=90),
            **when, **fields,
        )  # fmt: skip
        for field, slugs in terms.items():
            getattr(post, field).set(Term.objects.filter(slug__in=slugs))


def _demo_partnership(organisations: dict[str, Organisation]) -> None:
    """Kalinga and Galil in conversation, with a confirmed contact and meeting (four months
    ago) and an NDA that Galil recorded and Kalinga has still to confirm."""
    from udyamsetu.conversations.services import open_conversation, send_message
    from udyamsetu.partnerships.services import confirm_step, partnership_between, record_step

    kalinga, galil = organisations["kalinga-precision"], organisations["galil-aero"]
    if partnership_between(kalinga, galil) is not None:
        return
    owner = User.objects.get(email="owner@udyamsetu.example")
    noa = User.objects.get(email="partner@udyamsetu.example")
    conversation = open_conversation(galil, kalinga, by=noa, subject="Composite airframe parts")
    send_message(conversation, by=noa, organisation=galil,
                 body="Could your team visit Haifa to see the airframe line?")  # fmt: skip
    send_message(conversation, by=owner, organisation=kalinga,
                 body="Yes. We can also show you our 5-axis cell in Cuttack.")  # fmt: skip
    today = timezone.localdate()
    for stage, days_ago in (("contacted", 150), ("meeting", 125)):
        step = record_step(galil, kalinga, by=noa, stage=stage,
                           occurred_on=today - timedelta(days=days_ago))  # fmt: skip
        confirm_step(step, by=owner)
    # The meeting's three-month prompt went out before the NDA was recorded.
    partnership = partnership_between(kalinga, galil)
    type(partnership).objects.filter(pk=partnership.pk).update(follow_ups_sent=1)
    record_step(galil, kalinga, by=noa, stage="nda", occurred_on=today - timedelta(days=2),
                note="Mutual NDA signed by our CEO; please confirm.")  # fmt: skip


def _demo_facility(organisations: dict[str, Organisation]) -> None:
    """The cluster's common facility centre in Cuttack: open 08:00 to 22:00 Monday to
    Saturday, with a 5-axis machining centre, a vacuum furnace and a CMM, and a request from
    Kalinga waiting for the operator."""
    from udyamsetu.enterprises.models import Term
    from udyamsetu.facilities.models import Equipment, Facility, Holiday, OpeningHours
    from udyamsetu.facilities.services import request_booking

    operator = organisations["accurate-engineering-cluster"]
    if Facility.objects.filter(slug="aec-cuttack").exists():
        return
    facility = Facility.objects.create(
        organisation=operator, name="AEC Common Facility Centre, Cuttack", slug="aec-cuttack",
        kind=Facility.Kind.CFC, address="Plot 7, Jagatpur Industrial Estate", city="Cuttack",
        state="OD", pin_code="754021", latitude=20.5400, longitude=85.9500,
        description="Cluster common facility centre set up under the MSE-CDP: precision "
                    "machining, heat treatment and inspection for the Cuttack engineering "
                    "cluster.",
        other_services="Training in CNC programming and metrology",
    )  # fmt: skip
    for weekday in range(6):
        OpeningHours.objects.create(facility=facility, weekday=weekday, opens=time(8),
                                    closes=time(22))  # fmt: skip
    Holiday.objects.create(facility=facility, day=date(2027, 1, 26), name="Republic Day")
    facility.services.set(Term.objects.filter(kind="process", slug__in=[
        "cad-cam-design", "metrology-cmm-inspection", "vacuum-heat-treatment",
        "cnc-machining-5-axis", "rapid-prototyping", "ndt"]))  # fmt: skip
    machines = [
        ("DMG Mori DMU 50 (5-axis)", "five-axis-machining-centre", "DMG Mori DMU 50 3rd gen",
         "X/Y/Z 650/520/475 mm; B -35/+110°, C 360°; 20,000 rpm HSK-A63; Heidenhain TNC 640",
         "Jobs up to 300 kg", 1800, 1200, ["cnc-machining-5-axis"]),
        ("Vacuum hardening furnace", "vacuum-furnace", "Seco/Warwick 10.0VPT-4035/36HV",
         "Working zone 600 x 600 x 900 mm; up to 1,320 °C; 10 bar gas quench",
         "500 kg a charge", 2500, 1800, ["vacuum-heat-treatment"]),
        ("Zeiss CMM", "cmm", "Zeiss Contura G2 7/10/6", "Measuring range 700 x 1000 x 600 mm; "
         "MPE 1.8 + L/300 µm", "", 1200, 800, ["metrology-cmm-inspection"]),
    ]  # fmt: skip
    made = []
    for name, kind, make, specs, capacity, rate, micro, processes in machines:
        machine = Equipment.objects.create(
            facility=facility, name=name, make_model=make, specifications=specs,
            capacity=capacity, rate_rupees=rate, micro_rate_rupees=micro,
            machine_type=Term.objects.get(kind="machine", slug=kind),
        )  # fmt: skip
        machine.processes.set(Term.objects.filter(kind="process", slug__in=processes))
        made.append(machine)
    owner = User.objects.get(email="owner@udyamsetu.example")
    day = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 + 7)
    start = timezone.make_aware(datetime.combine(day, time(9)))
    request_booking(made[0], organisations["kalinga-precision"], by=owner, start=start,
                    end=start + timedelta(hours=6), material="Aluminium 7075-T6",
                    job_description="Machine 40 housings of the tracking mount to drawing "
                                    "PXE-ETM-H-0417; first-article CMM report.")  # fmt: skip


def _demo_event(organisations: dict[str, Organisation]) -> None:
    """A B2B matchmaking day the office organises ten days on, with a programme, a meeting
    grid, three listed participants and their wishes: the official can build and publish the
    schedule."""
    from udyamsetu.events import services
    from udyamsetu.events.models import Event, Session

    office = organisations["msme-dfo-cuttack"]
    if Event.objects.filter(slug="odisha-defence-msme-meet").exists():
        return
    zone = ZoneInfo("Asia/Kolkata")
    day = timezone.localdate() + timedelta(days=10)
    event = Event.objects.create(
        organiser=office, kind=Event.Kind.B2B, title="Odisha Defence MSME Meet",
        slug="odisha-defence-msme-meet", venue="Janata Maidan, Bhubaneswar",
        description="Buyers from DRDO laboratories and DPSUs meet Odisha's MSMEs and foreign "
                    "technology partners: talks in the morning, one-to-one meetings after lunch.",
        starts_at=datetime.combine(day, time(9, 30), tzinfo=zone),
        ends_at=datetime.combine(day, time(17, 30), tzinfo=zone),
        capacity=300, tables=20, status=Event.Status.PUBLISHED,
    )  # fmt: skip
    for start, end, title, speaker in (
        (time(10), time(10, 45), "Indigenisation under the Positive Indigenisation Lists",
         "Director, DRDO PXE"),
        (time(11), time(11, 45), "Funding for MSMEs: iDEX, TDF and the MSE-CDP", "MSME-DFO Cuttack"),
    ):  # fmt: skip
        Session.objects.create(event=event, title=title, speaker=speaker,
                               starts_at=datetime.combine(day, start, tzinfo=zone),
                               ends_at=datetime.combine(day, end, tzinfo=zone))  # fmt: skip
    official = User.objects.get(email="official@udyamsetu.example")
    services.slots_for(event, by=official, start=datetime.combine(day, time(14), tzinfo=zone),
                       minutes=20, count=10, breaks=[6])  # fmt: skip
    people = {}
    for email, slug, pitch in (
        ("owner@udyamsetu.example", "kalinga-precision",
         "5-axis CNC machining and sheet-metal sub-assemblies; AS9100 in progress"),
        ("partner@udyamsetu.example", "galil-aero",
         "Small UAVs; we seek an Indian composites and machining partner"),
        ("greentech@udyamsetu.example", "formosa-green-tech",
         "Zero liquid discharge and e-waste recycling technology for licence"),
    ):  # fmt: skip
        user = User.objects.get(email=email)
        people[slug] = (user, services.register(event, by=user, organisation=organisations[slug],
                                                listed=True, pitch=pitch))  # fmt: skip
    for a, b, level in (("kalinga-precision", "galil-aero", "must"),
                        ("galil-aero", "kalinga-precision", "must"),
                        ("formosa-green-tech", "kalinga-precision", "would")):  # fmt: skip
        services.set_wish(event, by=people[a][0], target=people[b][1], level=level)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _enable_mfa(user: User) -> list[str]:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    wrapper = RecoveryCodes(codes) if codes else RecoveryCodes.activate(user)
    return wrapper.get_unused_codes()


DEMO_REGISTRY_ROWS = 5_000

KALINGA_PROFILE = {
    "udyam_number": "UDYAM-OD-19-0012345",
    "legal_name": "Kalinga Precision Engineering Pvt Ltd",
    "organisation_type": "private_limited",
    "commencement_date": date(2014, 6, 2),
    "major_activity": "manufacturing",
    "nic_codes": ["25920", "28220", "30300"],
    "investment_rupees": 42_000_000,
    "turnover_rupees": 310_000_000,
    "export_turnover_rupees": 40_000_000,
    "employees": 86,
    "address": "Plot 17, Jagatpur Industrial Estate",
    "city": "Cuttack",
    "pin_code": "753001",
}
KALINGA_TERMS = {
    "processes": [
        "cnc-machining-5-axis",
        "cnc-turning",
        "sheet-metal-fabrication",
        "tig-welding",
        "metrology-cmm-inspection",
    ],
    "materials": ["aluminium-alloys", "stainless-steel", "titanium-alloys"],
    "technology_areas": ["drones-unmanned-platforms", "radar", "precision-engineering"],
    "partnership_types": ["joint-venture", "technology-transfer-in", "co-development"],
}


def load_demo_registry() -> int:
    """A small synthetic registry (the same generator the benchmarks use); returns rows loaded."""
    from udyamsetu.core.embedded_pg import data_dir
    from udyamsetu.enterprises.importer import import_registry
    from udyamsetu.enterprises.models import Enterprise
    from udyamsetu.enterprises.registry_generator import write_registry

    if Enterprise.objects.filter(source=Enterprise.Source.REGISTRY).exists():
        return 0
    path = data_dir() / "demo-registry.csv.gz"
    write_registry(path, rows=DEMO_REGISTRY_ROWS, seed=7)
    run = import_registry(path, rejects_path=data_dir() / "demo-registry.rejects.csv")
    return run.inserted


def _demo_enterprise(organisation: Organisation, owner: User) -> None:
    """Kalinga's claimed, partly completed profile, so the editor and badges have something."""
    from udyamsetu.enterprises import services as enterprise_services
    from udyamsetu.enterprises.models import Enterprise, Term

    if Enterprise.objects.filter(organisation=organisation).exists():
        return
    fields = {k: v for k, v in KALINGA_PROFILE.items() if k != "udyam_number"}
    enterprise = enterprise_services.claim_enterprise(
        organisation, by=owner, udyam_number=KALINGA_PROFILE["udyam_number"], **fields
    )
    enterprise.description = (
        "5-axis CNC machining and sheet-metal sub-assemblies for defence and aerospace: "
        "airframe brackets, radar enclosures, UAV structural parts. In-house CMM inspection."
    )
    enterprise.offer_text = "Precision machined parts in aluminium, stainless steel and titanium."
    enterprise.seek_text = "A composites partner and AS9100D certification support."
    enterprise.is_published = True
    enterprise.save()
    for field, slugs in KALINGA_TERMS.items():
        getattr(enterprise, field).set(Term.objects.filter(slug__in=slugs))
    iso = Term.objects.filter(kind=Term.Kind.CERTIFICATION, slug="iso-9001").first()
    if iso:
        enterprise_services.add_certificate(
            enterprise,
            by=owner,
            certification=iso,
            issuer="TÜV India",
            number="IN-QMS-2291",
            scope="Machining of precision components",
            valid_from=date(2024, 4, 1),
            valid_until=date(2027, 3, 31),
        )


@transaction.atomic
def load_demo_data() -> list[dict]:
    """Create the demo organisations and users (if missing); return the logins to print."""
    organisations = {}
    for spec in ORGANISATIONS:
        defaults = {k: v for k, v in spec.items() if k != "slug"}
        organisations[spec["slug"]], _ = Organisation.objects.get_or_create(
            slug=spec["slug"], defaults=defaults
        )
    office = organisations["msme-dfo-cuttack"]
    office.permissions.add(*[_permission(p) for p in OFFICE_PERMISSIONS])

    logins = []
    for spec in USERS:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=spec["email"],
                password=DEMO_PASSWORD,
                full_name=spec["full_name"],
                timezone=spec.get("timezone", "Asia/Kolkata"),
                is_staff=spec.get("staff", False),
                is_superuser=spec.get("staff", False),
            )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if spec.get("org"):
            Membership.objects.get_or_create(
                user=user, organisation=organisations[spec["org"]], defaults={"role": spec["role"]}
            )
        login = {"email": user.email, "who": spec["who"]}
        if spec.get("mfa"):
            login["totp_secret"] = DEMO_TOTP_SECRET
            login["recovery_codes"] = _enable_mfa(user)
        logins.append(login)
    _demo_enterprise(
        organisations["kalinga-precision"], User.objects.get(email="owner@udyamsetu.example")
    )
    _demo_posts(organisations)
    _demo_partnership(organisations)
    _demo_facility(organisations)
    _demo_event(organisations)
    return logins
