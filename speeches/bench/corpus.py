"""A deterministic synthetic corpus of diplomatic speeches, in the import JSONL format, for benchmarks.

Bodies of 800-4000 words draw on a Zipf-distributed vocabulary of real diplomatic words with a long
tail of invented proper names; a few hundred speakers, venues and a dozen regions; and verbatim quotes
planted in known documents so phrase queries have known answers.
"""
import datetime
import itertools
import json
import random
from pathlib import Path

DIPLOMATIC_WORDS = """
the of and to in a for that is on with as by be will we our this it are have at from an all not
has their which its cooperation development countries international china peace security economic
relations partnership mutual trade region support people friendship community future shared global
world dialogue sovereignty stability prosperity investment infrastructure connectivity multilateral
bilateral agreement summit minister president government cultural exchange common benefit respect
principle initiative strategic sustainable energy climate health education technology innovation
integrity territorial interference affairs neighbors neighboring commitment solidarity trust
consultation negotiation treaty framework mechanism platform forum delegation ambassador embassy
sanctions conflict resolution humanitarian assistance aid growth market finance bank export import
railway corridor pipeline port highway digital green agriculture food water poverty reduction youth
women tourism culture civilization heritage history anniversary century decade year years new
important further strengthen deepen promote advance enhance build jointly together firmly always
continue ready stand committed efforts progress achievements results opportunities challenges
""".split()
SYLLABLES = "ka ra tu mi lo se an bek ul zh ov ist ar en im da ko ta ni gu ba le or us ha".split()
FIRST_NAMES = """Amina Kassym Shavkat Sadyr Emomali Serdar Nursultan Aziz Leila Mehmet Olga Ivan Chen Li Wang
Zhang Fatima Omar Yusuf Aliya Dina Ruslan Timur Bakyt Gulnara Akylbek Daniyar Nodira Farrukh Zarina""".split()
LAST_NAMES = """Tokayev Mirziyoyev Japarov Rahmon Berdimuhamedov Aliyev Diallo Nguyen Santos Okafor Haddad
Petrov Ivanova Suleimenov Karimov Ismailov Nazarbayeva Abdullaev Rashidov Kurbanov Tashkentov""".split()
REGIONS = ["Central Asia", "Southeast Asia", "Africa", "Europe", "Middle East", "Latin America", "North America",
           "South Asia", "East Asia", "Oceania", "Caucasus", "Arctic"]
# Countries the records name (the facet counts them): a fixed few dozen, as an archive's are.
COUNTRIES = ["China", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "Russia", "United States",
             "France", "Germany", "United Kingdom", "Japan", "India", "Pakistan", "Afghanistan", "Iran", "Türkiye",
             "Egypt", "South Africa", "Nigeria", "Brazil", "Mexico", "Indonesia", "Vietnam", "Thailand", "Mongolia",
             "Azerbaijan", "Georgia", "Belarus", "Ukraine", "Serbia", "Hungary", "Ethiopia", "Kenya", "Senegal",
             "Djibouti", "Equatorial Guinea", "Laos", "Cambodia", "Singapore"]
KINDS = ["speech"] * 6 + ["remarks"] * 3 + ["statement", "press-conference", "interview", "article",
                                            "commentary", "press-release", "letter"]
QUOTES = [
    "a world of friendship is a world of peace and we must cherish it",
    "no matter how the international landscape may evolve we stand together",
    "the six pomegranate trees we planted together are already blooming",
    "mountains and rivers cannot separate people who share the same dream",
    "we will never seek hegemony nor engage in expansion of any kind",
    "the door of openness will only open wider and never be closed",
    "a good neighbor is better than a distant relative in times of need",
    "dialogue and consultation are the only way to resolve differences",
    "shoulder to shoulder we will build a community with a shared future",
    "development is the master key to solving all the problems we face",
]


def zipf_sampler(rng, words, exponent=1.07):
    cumulative = list(itertools.accumulate(1 / (rank ** exponent) for rank in range(1, len(words) + 1)))
    return lambda count: rng.choices(words, cum_weights=cumulative, k=count)


def invented_names(rng, count):
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize())
    return sorted(names)


def names_and_vocabulary(rng):
    proper_names = invented_names(rng, 4000)
    return proper_names, DIPLOMATIC_WORDS + [name.lower() for name in invented_names(rng, 15000)]


def generate_records(size, seed=2026):
    """Yield ``size`` import records; the same size and seed always give the same corpus."""
    rng = random.Random(seed)
    country_rng = random.Random(seed + 1)  # its own, so the rest of the corpus is as before countries were named
    proper_names, vocabulary = names_and_vocabulary(rng)
    sample = zipf_sampler(rng, vocabulary)
    speakers = sorted({f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(600)})[:300]
    venues = [{"name": f"{name} Palace", "city": name, "country": rng.choice(proper_names)}
              for name in proper_names[:150]]
    quote_homes = {quote: set(rng.sample(range(size), min(size, 3 + index))) for index, quote in enumerate(QUOTES)}
    for number in range(size):
        paragraphs, words_left = [], rng.randint(800, 4000)
        while words_left > 0:
            length = min(words_left, rng.randint(40, 150))
            words = sample(length)
            for position in range(0, length, rng.randint(8, 30)):
                if rng.random() < 0.05:
                    words[position] = rng.choice(proper_names)
            paragraphs.append(sentences(rng, words))
            words_left -= length
        for quote, homes in quote_homes.items():
            if number in homes:
                paragraphs.insert(rng.randrange(len(paragraphs)), f"As we have said, {quote}.")
        day = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 35))
        yield {
            "external_id": f"bench-{number}",
            "title": " ".join(sample(rng.randint(3, 9))).capitalize(),
            "kind": rng.choice(KINDS),
            "date": day.isoformat(),
            "speakers": [{"name": rng.choice(speakers), "role": "Minister of Foreign Affairs"}],
            "venue": rng.choice(venues),
            "regions": rng.sample(REGIONS, rng.randint(1, 2)),
            "countries": country_rng.sample(COUNTRIES, country_rng.randint(0, 4)),
            "language": "en",
            "status": "published",
            "body": "\n\n".join(paragraphs),
        }


def sentences(rng, words):
    """Join words into sentences with capitals and full stops."""
    text, start = [], 0
    while start < len(words):
        end = min(len(words), start + rng.randint(8, 30))
        sentence = " ".join(words[start:end])
        text.append(sentence[0].upper() + sentence[1:] + ".")
        start = end
    return " ".join(text)


def write_corpus(path, size, seed=2026):
    """Write the corpus to ``path`` whole or not at all: a run stopped while writing leaves no partial
    corpus for the next run to take as made."""
    partial = Path(f"{path}.partial")
    with open(partial, "w", encoding="utf-8") as stream:
        for record in generate_records(size, seed):
            stream.write(json.dumps(record) + "\n")
    partial.replace(path)
