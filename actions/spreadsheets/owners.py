"""Reading a "Who" cell into people.

Cells look like "Corina Christos, Designated Nurse/ Robert Holman /Looked After
Children team" or "Helen Green Interim Head of Local Offer/ Amric Sangha SEND
Project Officer". Parts are split on "/" and ";". Each part is "Name, Role",
"Name Role" or just a name (which may be a team or a post: "Health teams").

People already in the borough are matched by name first, so "Daryle Mathurin Head
of Service EHC Planning" finds Daryle Mathurin. Only when no known name fits is
the part split by rule: a role follows a two- or three-word capitalised name when
it is separated by a comma or a dash, starts with an acronym ("SEND Project
Officer", "PSR"), or is several words including a job word ("Head of Service").
The rules lean towards keeping a part whole: a team kept whole is easier to
correct than a person invented from half a team's name.
"""

import re

from actions.models import LeadAgency
from boroughs.models import PersonKind

SEPARATORS = re.compile(r"[/;]")
JOB_WORDS = {
    "adviser",
    "advisor",
    "assistant",
    "chief",
    "clinician",
    "commissioner",
    "consultant",
    "coordinator",
    "co-ordinator",
    "deputy",
    "director",
    "doctor",
    "head",
    "interim",
    "lead",
    "manager",
    "nurse",
    "officer",
    "practitioner",
    "principal",
    "psychologist",
    "senior",
    "specialist",
    "support",
    "therapist",
    "worker",
}
# Words that start descriptions of posts and teams, never a person's name.
NOT_NAME_WORDS = JOB_WORDS | {"designated", "named", "the", "new", "local", "all"}
_NAME_WORD = r"[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*"
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,}\b")


# Words that name a group, a team or a service rather than one person.
TEAM_WORDS = {
    "board",
    "business",
    "care",
    "centre",
    "children",
    "childrens",
    "colleges",
    "commissioning",
    "committee",
    "coordinators",
    "development",
    "directorate",
    "education",
    "families",
    "forum",
    "governors",
    "group",
    "health",
    "hub",
    "intelligence",
    "leads",
    "network",
    "offer",
    "officers",
    "panel",
    "parents",
    "partners",
    "partnership",
    "people",
    "post",
    "programme",
    "project",
    "providers",
    "public",
    "reform",
    "schools",
    "service",
    "services",
    "settings",
    "staff",
    "teachers",
    "team",
    "teams",
    "trust",
    "unit",
    "workstream",
    "young",
}
_PERSON_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,3}(?:\.[A-Z][A-Za-z]{0,3})+\.?$")


def owner_kind(name):
    """Whether an owner's name is a person's or a role's or team's, by its shape: a
    person is two or three capitalised name words ("Helen Green", "Imogen Fraser-Baxter")
    or initials with stops ("M.S"); anything else, or a name using a job or team word
    ("Head teachers", "SEND team", "Designated Clinical Officer"), is a role or team."""
    name = " ".join((name or "").split())
    if _PERSON_INITIALS.match(name):
        return PersonKind.PERSON
    words = {w.strip(",.&()").lower() for w in name.split()}
    if _looks_like_name(name) and not words & (JOB_WORDS | TEAM_WORDS):
        return PersonKind.PERSON
    return PersonKind.ROLE


def name_key(name):
    """How names are compared: case, spacing and spaces around hyphens do not count."""
    name = re.sub(r"\s*-\s*", "-", name.strip().lower())
    return " ".join(name.split())


def _tidy(part):
    part = part.strip().rstrip(".,").strip()
    # "Imogen Fraser - Baxter" is a double-barrelled surname, not "name - role".
    match = re.search(r"(\w)\s*-\s*([A-Z][a-z]+)$", part)
    if match and match[2].lower() not in JOB_WORDS:
        part = part[: match.start()] + f"{match[1]}-{match[2]}"
    return part


def _looks_like_role(text):
    text = text.strip(" ,-–")
    if not text:
        return False
    if _ACRONYM.match(text):
        return True
    words = text.split()
    return len(words) >= 2 and any(w.strip(",.&").lower() in JOB_WORDS for w in words)


def _looks_like_name(text):
    words = text.split()
    return (
        2 <= len(words) <= 3
        and all(re.fullmatch(_NAME_WORD, w) for w in words)
        and words[0].lower() not in NOT_NAME_WORDS
    )


def _split_new(part):
    """[(name, job title)] for a part that names nobody we know."""
    pieces = re.split(r"\s{2,}", part.strip())
    if len(pieces) > 1 and all(_looks_like_name(p) for p in pieces):
        return [(p, "") for p in pieces]
    part = " ".join(part.split())
    for extra_words in (1, 2):
        match = re.match(
            rf"^({_NAME_WORD}(?:\s+{_NAME_WORD}){{{extra_words}}})(\s*,\s*|\s+[-–]\s+|\s+)(\S.*)$",
            part,
        )
        has_role = match and (match[2].strip() or _looks_like_role(match[3]))
        if has_role and _looks_like_name(match[1]):
            return [(match[1], match[3].strip())]
    if "," in part:
        name, role = part.split(",", 1)
        return [(name.strip(), role.strip())]
    return [(part, "")]


def _match_known(part, known):
    """[key, ...] of known people the part starts with (then a role or more names), else None."""
    key = name_key(part)
    candidates = [k for k in known.prefixes(key) if key == k or key[len(k)] in " ,"]
    if not candidates:
        return None
    best = max(candidates, key=len)
    # Where the known name ends in the text as written, to read what follows it.
    cut = next(
        (i for i, ch in enumerate(part) if ch in " ," and name_key(part[:i]) == best), len(part)
    )
    rest = part[cut:]
    text = rest.lstrip(" ,-–")
    separator = rest[: len(rest) - len(text)]
    if not text or "," in separator or "-" in separator or _looks_like_role(text):
        return [best]
    following = _match_known(text, known)
    return [best, *following] if following else None


class KnownNames:
    """The borough's people, indexed by name_key, looked up by prefix."""

    def __init__(self, keys):
        self.keys = set(keys)
        self.by_first_word = {}
        for key in self.keys:
            self.by_first_word.setdefault(key.split(" ")[0], []).append(key)

    def add(self, key):
        if key not in self.keys:
            self.keys.add(key)
            self.by_first_word.setdefault(key.split(" ")[0], []).append(key)

    def prefixes(self, key):
        first = key.split(" ")[0].rstrip(",")
        return [k for k in self.by_first_word.get(first, ()) if key.startswith(k)]


def parse_owners(cell, known):
    """[(name, job title)] for a Who cell. Known people come back with their stored key."""
    owners = []
    for raw in SEPARATORS.split(cell or ""):
        part = _tidy(raw)
        if not part or part.lower() in {"n/a", "-", "tbc"}:
            continue
        matched = _match_known(part, known)
        if matched:
            owners.extend((key, "") for key in matched)
        else:
            owners.extend(_split_new(part))
    return owners


# Organisations and agency words in owner cells: they name who leads, not a person.
ORGANISATIONS = {
    "la": LeadAgency.LOCAL_AUTHORITY,
    "local authority": LeadAgency.LOCAL_AUTHORITY,
    "council": LeadAgency.LOCAL_AUTHORITY,
    "cyc": LeadAgency.LOCAL_AUTHORITY,
    "lbhf": LeadAgency.LOCAL_AUTHORITY,
    "sen team": LeadAgency.LOCAL_AUTHORITY,
    "send team": LeadAgency.LOCAL_AUTHORITY,
    "icb": LeadAgency.HEALTH,
    "ccg": LeadAgency.HEALTH,
    "nhs": LeadAgency.HEALTH,
    "health": LeadAgency.HEALTH,
    "camhs": LeadAgency.HEALTH,
    "social care": LeadAgency.SOCIAL_CARE,
    "csc": LeadAgency.SOCIAL_CARE,
    "education": LeadAgency.EDUCATION,
    "schools": LeadAgency.EDUCATION,
    "all partners": LeadAgency.JOINT,
    "partners": LeadAgency.JOINT,
}
# Words that join organisations: "LA with support from all partners".
_JOINING = {"and", "&", "with", "support", "from", "the", "of", "by", "plus", "lead", "led"}
_ORG_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(o) for o in sorted(ORGANISATIONS, key=len, reverse=True)) + r")\b"
)
# "(M.S) CYC" or "CYC (M.S)": a person's initials beside their organisation.
_INITIALS = re.compile(r"\(\s*([A-Z][A-Za-z]{0,3}(?:\.\s*[A-Z][A-Za-z]{0,3})*\.?)\s*\)")


def initials_with_organisations(cell):
    """[(initials, organisation)] in the cell's order, read either way round: a cell that
    starts with initials ("(M.S) CYC (K.McN) CCG") puts each organisation after them,
    one that starts with an organisation ("CYC (M.S) CCG (K.McN)") before them."""
    groups = list(_INITIALS.finditer(cell))
    initials_first = cell.lstrip().startswith("(")
    found = []
    for index, match in enumerate(groups):
        if initials_first:
            end = groups[index + 1].start() if index + 1 < len(groups) else len(cell)
            organisation = cell[match.end() : end]
        else:
            organisation = cell[groups[index - 1].end() if index else 0 : match.start()]
        found.append((match[1].replace(" ", ""), organisation.strip(" ,;/&-–")))
    return found


def organisations_of_cell(cell):
    """The organisations an owner cell names, as written, in its order, each once."""
    cell = cell or ""
    if _INITIALS.search(cell):
        named = [o for _, o in initials_with_organisations(cell)]
    else:
        named = [p for p in (_tidy(r) for r in SEPARATORS.split(cell)) if organisations_in(p)]
    return list(dict.fromkeys(o for o in named if o))


def organisations_in(part):
    """The lead agencies a part names, if the part names only organisations; else None."""
    lowered = part.lower()
    agencies = [ORGANISATIONS[m] for m in _ORG_PATTERN.findall(lowered)]
    rest = _ORG_PATTERN.sub(" ", lowered)
    if agencies and all(w in _JOINING for w in re.findall(r"[\w&]+", rest)):
        return agencies
    return None


def organisations_named(text):
    """The lead agencies a text names anywhere in it, in the order it names them."""
    return [ORGANISATIONS[m] for m in _ORG_PATTERN.findall((text or "").lower())]


def read_owner_cell(cell, known):
    """([(name, job title)], [lead agency, ...]) for an owner cell.

    Organisations ("LA and ICB", "LA with support from all partners") become lead
    agencies, not people; initials with an organisation ("(M.S) CYC") become a
    person known by their initials, with the organisation as their job title.
    """
    people, agencies = [], []
    cell = cell or ""
    if _INITIALS.search(cell):
        for letters, organisation in initials_with_organisations(cell):
            people.append((letters, organisation[:200]))
            agencies += organisations_named(organisation)[:1]
        return people, agencies
    for raw in SEPARATORS.split(cell):
        part = _tidy(raw)
        found = organisations_in(part) if part else None
        if found:
            # "LA with support from all partners": the first named leads.
            agencies += found[:1] if "support" in part.lower() else found
        elif part:
            people += parse_owners(part, known)
    return people, agencies


def lead_agency_of(agencies):
    """One lead agency for several: the same one, or Joint."""
    distinct = set(agencies)
    if not distinct:
        return None
    return distinct.pop() if len(distinct) == 1 else LeadAgency.JOINT
