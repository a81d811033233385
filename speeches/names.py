"""Names as citations need them: a family name and a given name, or an organisation's whole name.

A reference manager that receives "Xi Jinping" splits it at the last space and files the President
under "Jinping". So every credited person or organisation stores the parts a citation needs
(``Person.family_name``, ``given_name``, ``name_form``), and every output writes them from the
``CitedName`` below. When an editor adds a name, ``guess_name_parts`` proposes the parts and the
admin shows them for checking.
"""
import difflib
import re
import unicodedata
from dataclasses import dataclass

from nameparser import HumanName
from nameparser.config import CONSTANTS

from speeches.characters import UNDECOMPOSED_LATIN, WITHOUT_INVISIBLE

# Romanised family names that commonly open a Chinese, Korean or Vietnamese name written family
# name first ("Xi Jinping", "Ban Ki-moon", "Nguyen Phu Trong"). Only a guess: editors check it.
FAMILY_FIRST_NAMES = frozenset("""
    an bai bao cai cao chang chen cheng cui dai deng ding dong du duan fan fang feng fu gao ge gong
    gu guan guo han hao he hong hou hu hua huang ji jia jiang jin kong lai lei li liang liao lin liu
    long lu luo lyu ma mao meng mo niu pan peng qian qiao qin qiu ren shao shen shi song su sun tan
    tang tao tian wan wang wei wen wu xi xia xiao xie xiong xu xue yan yang yao ye yi yin yu yuan
    zeng zhang zhao zheng zhong zhou zhu zou
    ahn bae baek ban cho choi chun chung hwang jang jeon jeong jung kang kim ko kwon lee moon nam
    noh oh park roh seo shin son yoo yoon
    bui dang do duong ho hoang huynh le ly ngo nguyen pham phan tran truong vo vu
""".split())

# Names written in Chinese characters without a space ("习近平", "安倍晋三") open with a family name of
# one character, or of two: a name of four or five is two and the rest (Japanese names mostly, and
# Chinese ones with a compound surname: 岸田文雄, 小泉純一郎, 欧阳中石), and so is a name opening with a
# Chinese compound surname (司马迁). Three characters are read as one and two, as Chinese names mostly
# are: a Japanese name of three (石破茂) cannot be told from a Chinese one (金子涵) by its characters, so
# its guess is checked.
TWO_CHARACTER_FAMILY_NAMES = frozenset("""
    欧阳 歐陽 司马 司馬 上官 诸葛 諸葛 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 令狐 长孙 長孫 宇文 司徒
    夏侯 轩辕 軒轅 端木 独孤 獨孤 南宫 南宮 西门 西門 申屠 澹台 澹臺 呼延 闻人 聞人
""".split())
HAN_NAME_LENGTHS = range(2, 6)  # 习近平 ... 小泉純一郎, whose family name is of two
# Korean names written in Hangul without a space (조태열, 반기문) open with a family name of one syllable,
# or of two for these (남궁, 황보, 선우...).
TWO_SYLLABLE_FAMILY_NAMES = frozenset("남궁 황보 제갈 선우 독고 사공 서문 동방 어금 망절".split())
HANGUL_NAME_LENGTHS = range(2, 5)

# Words that mark a name as an organisation's ("Ministry of Foreign Affairs", "Xinhua News Agency").
ORGANISATION_WORDS = frozenset("""
    academy agency association bank broadcasting bureau cabinet centre center chancellery commission
    committee company corporation council daily delegation department embassy federation forum
    foundation government group institute institution league ministry mission nations network news
    office organisation organization parliament post presidency press radio secretariat service
    summit television times tribune union university
""".split())
# Organisations often named by one word that is not an acronym.
ORGANISATION_NAMES = frozenset({"xinhua", "tass", "interfax", "yonhap", "kyodo", "bernama", "antara", "reuters"})


# The titles nameparser knows ("dr", "ambassador", "mr"), lower-case and without full stops.
TITLES = CONSTANTS.titles
# The lower-case words a name may hold ("de", "van", "bin", "al-"), as nameparser knows them, and the "y"
# of Spanish names ("Ortega y Gasset"), "e" of Portuguese ones, "i" of Catalan ones.
NAME_PARTICLES = CONSTANTS.prefixes | {"y", "e", "i"}
# Words joining the capitalised words of an organisation's name ("Ministry of Foreign Affairs"), one at a time.
NAME_CONNECTORS = frozenset({"of", "for", "and", "on"})
# A particle written onto the name ("al-Sisi", "d'Estaing").
ATTACHED_PARTICLE = re.compile(r"[^\W\d_]+['’-]")
MOST_NAME_WORDS = 6
SENTENCE_PUNCTUATION = re.compile(r"[!?;:…\"“”«»]")
# BibTeX separates authors at the word "and" in any case (bibtex.web, name splitting).
BIBTEX_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)


# Titles and honorifics written before a speaker's name in a text's byline ("Remarks by H.E. President
# Kassym-Jomart Tokayev", "Discours de M. le Président", "Rede von Bundeskanzler Olaf Scholz"), casefolded
# and without their full stops. Chosen for diplomatic texts rather than nameparser's whole list of titles,
# which holds given names ("Dean Acheson", "Judge"); nor are Sheikh, Sultan, Emir or Prince here, which
# open names too ("Sheikh Hasina", "Sultan Al Jaber").
# Forms of address: titles that say no role.
HONORIFICS = frozenset("""
    h.e s.e mr mrs ms dr prof sir dame his her excellency majesty highness royal m mme mlle sr sra srta doña
    herr herrn frau sig sig.ra on senhor senhora
""".split())
ROLE_TITLES = frozenset(title.casefold() for title in """
    president vice prime premier minister foreign secretary general chancellor ambassador king queen
    emperor crown deputy acting special envoy representative
    président présidente ministre chancelière chancelier ambassadeur ambassadrice
    presidente presidenta ministro ministra canciller embajador embajadora
    bundeskanzler bundeskanzlerin bundespräsident bundespräsidentin präsident präsidentin
    außenminister außenministerin bundesaußenminister bundesaußenministerin ministerin botschafter botschafterin
    papst pope pape
""".split())
TITLES_BEFORE_NAMES = HONORIFICS | ROLE_TITLES
# Titles that only qualify the next, which may be none of these (Crown Prince, Deputy Secretary-General):
# ending with one, the titles say no role.
MODIFYING_TITLES = frozenset({"crown", "deputy", "vice", "acting", "special", "foreign", "prime"})
# Articles standing between titles ("M. le Président", "el Presidente", "der Bundeskanzler").
ARTICLES_BEFORE_TITLES = frozenset({"the", "le", "la", "l'", "el", "der", "die", "il", "o", "a"})


@dataclass(frozen=True)
class CitedName:
    """A name in a citation: ``family`` and ``given`` for a person, ``literal`` for an organisation;
    ``written`` is the name as the archive shows it ("Xi Jinping")."""

    family: str = ""
    given: str = ""
    literal: str = ""
    written: str = ""

    def csl(self):
        """Return the CSL-JSON name: {"family", "given"} or {"literal"}."""
        if self.literal:
            return {"literal": self.literal}
        return {"family": self.family, "given": self.given} if self.given else {"family": self.family}

    def inverted(self):
        """Return "Family, Given" (RIS ``AU``), or an organisation's whole name."""
        if self.literal:
            return self.literal
        return f"{self.family}, {self.given}" if self.given else self.family

    def highwire(self):
        """Return the name for a ``citation_author`` tag.

        Zotero splits a name without a comma at its last space, so an organisation's name gets a
        trailing comma: "Ministry of Foreign Affairs," stays whole instead of becoming "Affairs, M.".
        """
        return self.inverted() if self.given else self.inverted() + ","

    def bibtex(self):
        """Return the name as a BibTeX author: "Xi, Jinping". Braces keep a many-word family name
        whole, and a given name holding the word "and" ("Tom and Jerry"), where BibTeX would split
        the name into two authors."""
        if self.literal:
            return "{" + self.literal + "}"
        family = "{" + self.family + "}" if " " in self.family else self.family
        given = "{" + self.given + "}" if BIBTEX_AND.search(self.given) else self.given
        return f"{family}, {given}" if given else family

    @property
    def is_organisation(self):
        return bool(self.literal)

    def __str__(self):
        return self.written or self.literal or f"{self.given} {self.family}".strip()


@dataclass(frozen=True)
class NameParts:
    form: str  # one of Person.NameForm's values
    family_name: str = ""
    given_name: str = ""


def guess_name_parts(name):
    """Return a best guess at the ``NameParts`` of ``name``, for an editor to confirm."""
    words = name.split()
    if not words:
        return NameParts("given-family")
    folded = [ascii_lower(word) for word in words]
    if looks_like_organisation(name, folded):
        return NameParts("organisation")
    if len(words) == 1 and is_han(name.strip()) and len(name.strip()) in HAN_NAME_LENGTHS:
        return NameParts("family-given", *han_name_parts(name.strip()))
    if len(words) == 2 and is_han(words[0]) and (is_han(words[1]) or is_kana(words[1])):  # 山田 太郎, 山田 はな
        return NameParts("family-given", family_name=words[0], given_name=words[1])
    if len(words) == 1 and is_hangul(name.strip()) and len(name.strip()) in HANGUL_NAME_LENGTHS:  # 조태열
        family_length = 2 if name.strip()[:2] in TWO_SYLLABLE_FAMILY_NAMES and len(name.strip()) > 2 else 1
        return NameParts("family-given", name.strip()[:family_length], name.strip()[family_length:])
    if len(words) == 2 and is_hangul(words[0]) and is_hangul(words[1]):  # 조 태열
        return NameParts("family-given", family_name=words[0], given_name=words[1])
    if len(words) == 1:
        return NameParts("given-family", family_name=name.strip())
    if folded[0] in FAMILY_FIRST_NAMES and len(words) <= 3:
        return NameParts("family-given", family_name=words[0], given_name=" ".join(words[1:]))
    parsed = HumanName(name)
    if not parsed.last:
        return NameParts("given-family", family_name=name.strip())
    # A word nameparser took for a title it does not know ("एस.", an initial of more than one letter)
    # is part of the given name: a guess drops only real titles (Dr., Ambassador), never a name's word.
    unknown_titles = [word for word in parsed.title.split() if word.lower().strip(".") not in TITLES]
    return NameParts("given-family", family_name=parsed.last,
                     given_name=" ".join(part for part in (*unknown_titles, parsed.first, parsed.middle) if part))


def without_titles(name):
    """Return ``name`` without the titles and honorifics opening it ("H.E. President Kassym-Jomart Tokayev"
    is "Kassym-Jomart Tokayev", "M. le Président Emmanuel Macron" is "Emmanuel Macron"), and the role
    those titles give, honorifics and articles aside ("President", "Président"; "" for "H.E. Mr"), or None
    if there were none; a name that is titles alone ("the Prime Minister") is "", naming no one."""
    words = name.split()
    start = 0
    while start < len(words):
        word = words[start].casefold().rstrip(".")
        following = words[start + 1].casefold().rstrip(".") if start + 1 < len(words) else ""
        if word in TITLES_BEFORE_NAMES:
            start += 1
        elif word in ARTICLES_BEFORE_TITLES and following in TITLES_BEFORE_NAMES:
            start += 2
        else:
            break
    if not start:
        return " ".join(words), None
    role = [word for word in words[:start] if word.casefold().rstrip(".") not in HONORIFICS | ARTICLES_BEFORE_TITLES]
    if role and role[-1].casefold() in MODIFYING_TITLES:  # "Crown" of Crown Prince, "Deputy" of Deputy Secretary-General
        return " ".join(words[start:]), ""
    return " ".join(words[start:]), " ".join(role)


def looks_like_a_name(text):
    """Return whether ``text`` reads as a person's or an organisation's name, not as the words of a
    sentence: a few words, no digit or sentence punctuation, each word capitalised (or of a script
    without case, "习近平") but for particles ("de", "van", "bin") and a connector between two capitalised
    words ("Ministry of Foreign Affairs"). "the end of this decade" is not one."""
    words = text.split()
    if not 1 <= len(words) <= MOST_NAME_WORDS or SENTENCE_PUNCTUATION.search(text) or any(map(str.isdigit, text)):
        return False
    # A full stop ends an initial or an abbreviation ("J.", "Jr.", "H.E."), not a sentence's last word.
    if words[-1].endswith(".") and len(words[-1]) > 4 and "." not in words[-1][:-1]:
        return False
    capitalised = [not word[0].islower() for word in words]
    return any(capitalised) and all(
        capitalised[index] or is_name_particle(word) or joins_capitalised_words(word, index, capitalised)
        for index, word in enumerate(words))


def joins_capitalised_words(word, index, capitalised):
    """Return whether the word at ``index`` connects two capitalised words ("of" in "Ministry of Foreign Affairs")."""
    return (word in NAME_CONNECTORS and 0 < index < len(capitalised) - 1
            and capitalised[index - 1] and capitalised[index + 1])


def is_name_particle(word):
    attached = ATTACHED_PARTICLE.match(word.lower())
    return word.lower() in NAME_PARTICLES or bool(attached and attached.group() in NAME_PARTICLES)


def looks_like_organisation(name, folded_words):
    letters = [character for character in name if character.isalpha()]
    is_acronym = len(letters) >= 2 and name.isupper() and len(folded_words) <= 3
    return (is_acronym or any(word.strip("().,") in ORGANISATION_WORDS for word in folded_words)
            or (len(folded_words) == 1 and folded_words[0] in ORGANISATION_NAMES))


def han_name_parts(name):
    """Return (family name, given name) of a name written in two to five Chinese characters."""
    family_length = 2 if len(name) >= 4 or name[:2] in TWO_CHARACTER_FAMILY_NAMES else 1
    return name[:family_length], name[family_length:]


def is_hangul(text):
    """Return whether ``text`` is written in Hangul syllables only ("조태열")."""
    return bool(text) and all("\uac00" <= character <= "\ud7a3" for character in text)


def is_kana(text):
    """Return whether ``text`` is written in Japanese kana only ("はな")."""
    return all("\u3041" <= character <= "\u30ff" for character in text)


def is_han(text):
    """Return whether ``text`` is written in Chinese characters only ("习近平")."""
    return all(unicodedata.name(character, "").startswith("CJK UNIFIED IDEOGRAPH") for character in text)


def ascii_lower(word):
    """Return ``word`` lower-cased without accents ("Nguyễn" -> "nguyen")."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).lower()


# How alike two names reduced by ``comparable_name`` must be for the admin to ask whether they are one person.
SIMILAR_NAME_RATIO = 0.85


def written_name(name):
    """Return a name as it is stored and matched: composed (NFC: "José" typed on one machine as é and on
    another as e and an accent is one name), one space between its words, none of the invisible
    characters a pasted name may carry. Nothing a reader sees changes."""
    return " ".join(unicodedata.normalize("NFC", name).translate(WITHOUT_INVISIBLE).split())


def comparable_name(name):
    """Return a person's name reduced for comparison: no accents, case, punctuation or word order."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(sorted(letters.casefold().split()))


def sorting_name(name):
    """Return a name as lists put it in order, whatever the database's collation: accents and case set
    aside, so "Côte d'Ivoire" comes before "Croatia", "Åland Islands" beside "Albania" and "Łódź" beside
    "Lodz", not after "Z"."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))
    return bare.casefold().translate(UNDECOMPOSED_LATIN)


def names_look_alike(name, other_name):
    """Return whether two names look like the same person's name."""
    ratio = difflib.SequenceMatcher(a=comparable_name(name), b=comparable_name(other_name)).ratio()
    return ratio >= SIMILAR_NAME_RATIO
