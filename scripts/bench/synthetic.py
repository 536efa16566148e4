"""The synthetic series: French episodes of about 1,500 words each, deterministic.

Each episode depends on its number alone (and on the doctrine pages and posters it may
cite), never on the size of the series: the first 10 episodes of N=1000 are those of
N=10. A transcript is made of sentences built from French words that agree in gender, so
that the search index holds words as varied as a real series'.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from mkdocs_episodes.core.slugs import slugify

from .repository import themes

SEED = 20241120
WORDS_PER_TRANSCRIPT = 1500
# Episode n comes out n days after this date: early enough that the largest series
# measured (5,000 episodes: up to 2023) is published in full, none of it scheduled.
FIRST_DATE = dt.date(2010, 1, 1)
CHAPTERS = 8


# (noun, gender): articles and adjectives agree with it.
NOUNS: tuple[tuple[str, str], ...] = (
    ("réseau", "m"), ("référent", "m"), ("ministère", "m"), ("administration", "f"),
    ("agent", "m"), ("équipement", "m"), ("ordinateur", "m"), ("écran", "m"),
    ("serveur", "m"), ("centre de données", "m"), ("service en ligne", "m"), ("site", "m"),
    ("application", "f"), ("vidéo", "f"), ("messagerie", "f"), ("impression", "f"),
    ("imprimante", "f"), ("achat", "m"), ("marché public", "m"), ("fournisseur", "m"),
    ("parc informatique", "m"), ("réemploi", "m"), ("reconditionnement", "m"),
    ("recyclage", "m"), ("durée de vie", "f"), ("sobriété", "f"), ("empreinte", "f"),
    ("consommation", "f"), ("énergie", "f"), ("électricité", "f"), ("feuille de route", "f"),
    ("stratégie", "f"), ("démarche", "f"), ("mesure", "f"), ("indicateur", "m"),
    ("tableau de bord", "m"), ("budget", "m"), ("financement", "m"), ("projet", "m"),
    ("équipe", "f"), ("direction", "f"), ("mission", "f"), ("formation", "f"),
    ("sensibilisation", "f"), ("atelier", "m"), ("réunion", "f"), ("webinaire", "m"),
    ("guide", "m"), ("référentiel", "m"), ("critère", "m"), ("exigence", "f"), ("loi", "f"),
    ("décret", "m"), ("circulaire", "f"), ("rapport", "m"), ("bilan", "m"), ("audit", "m"),
    ("diagnostic", "m"), ("inventaire", "m"), ("cycle de vie", "m"), ("matériel", "m"),
    ("logiciel", "m"), ("mise à jour", "f"), ("obsolescence", "f"), ("panne", "f"),
    ("réparation", "f"), ("maintenance", "f"), ("stockage", "m"), ("sauvegarde", "f"),
    ("donnée", "f"), ("archive", "f"), ("courriel", "m"), ("visioconférence", "f"),
    ("télétravail", "m"), ("poste de travail", "m"), ("téléphone", "m"), ("tablette", "f"),
    ("fibre", "f"), ("hébergement", "m"), ("code", "m"), ("page", "f"), ("image", "f"),
    ("police de caractères", "f"), ("accessibilité", "f"), ("usager", "m"), ("citoyen", "m"),
    ("démarche administrative", "f"), ("formulaire", "m"), ("téléservice", "m"),
    ("chantier", "m"), ("priorité", "f"), ("objectif", "m"), ("calendrier", "m"),
    ("échéance", "f"), ("collectif", "m"), ("communauté", "f"), ("partenaire", "m"),
    ("association", "f"), ("collectivité", "f"), ("opérateur", "m"), ("université", "f"),
    ("école", "f"), ("hôpital", "m"), ("préfecture", "f"), ("tribunal", "m"),
    ("laboratoire", "m"), ("mairie", "f"), ("batterie", "f"), ("câble", "m"),
    ("climatisation", "f"), ("refroidissement", "m"), ("bande passante", "f"),
    ("résolution", "f"), ("définition", "f"), ("compression", "f"), ("sous-titre", "m"),
    ("transcription", "f"), ("podcast", "m"), ("lecteur", "m"), ("navigateur", "m"),
    ("requête", "f"), ("algorithme", "m"), ("intelligence artificielle", "f"),
    ("modèle", "m"), ("calcul", "m"), ("capteur", "m"), ("terminal", "m"),
    ("smartphone", "m"), ("clavier", "m"), ("souris", "f"), ("déchet", "m"),
    ("filière", "f"), ("don", "m"), ("appel d'offres", "m"), ("clause", "f"),
    ("contrat", "m"), ("garantie", "f"), ("label", "m"), ("norme", "f"),
    ("tableur", "m"), ("outil", "m"), ("plateforme", "f"), ("infrastructure", "f"),
    ("mutualisation", "f"), ("gouvernance", "f"), ("comité", "m"), ("pilotage", "m"),
)  # fmt: skip
ADJECTIVES: tuple[tuple[str, str], ...] = (
    ("numérique", "numérique"), ("durable", "durable"), ("responsable", "responsable"),
    ("sobre", "sobre"), ("public", "publique"), ("interministériel", "interministérielle"),
    ("environnemental", "environnementale"), ("énergétique", "énergétique"),
    ("local", "locale"), ("national", "nationale"), ("collectif", "collective"),
    ("concret", "concrète"), ("efficace", "efficace"), ("simple", "simple"),
    ("prioritaire", "prioritaire"), ("ancien", "ancienne"), ("récent", "récente"),
    ("partagé", "partagée"), ("mutualisé", "mutualisée"), ("accessible", "accessible"),
    ("léger", "légère"), ("lourd", "lourde"), ("indispensable", "indispensable"),
    ("utile", "utile"), ("fiable", "fiable"), ("reconditionné", "reconditionnée"),
    ("annuel", "annuelle"), ("trimestriel", "trimestrielle"), ("pratique", "pratique"),
    ("ambitieux", "ambitieuse"), ("mesurable", "mesurable"), ("progressif", "progressive"),
    ("commun", "commune"), ("écoconçu", "écoconçue"), ("régional", "régionale"),
    ("européen", "européenne"), ("juridique", "juridique"), ("technique", "technique"),
    ("budgétaire", "budgétaire"), ("quotidien", "quotidienne"), ("obsolète", "obsolète"),
    ("réparable", "réparable"), ("économe", "économe"), ("transparent", "transparente"),
    ("complet", "complète"), ("nouveau", "nouvelle"), ("ouvert", "ouverte"),
    ("sécurisé", "sécurisée"), ("inutile", "inutile"), ("exemplaire", "exemplaire"),
)  # fmt: skip
# (third person singular, infinitive)
VERBS: tuple[tuple[str, str], ...] = (
    ("réduit", "réduire"), ("mesure", "mesurer"), ("suit", "suivre"),
    ("accompagne", "accompagner"), ("finance", "financer"), ("prolonge", "prolonger"),
    ("améliore", "améliorer"), ("simplifie", "simplifier"), ("évalue", "évaluer"),
    ("présente", "présenter"), ("explique", "expliquer"), ("partage", "partager"),
    ("anime", "animer"), ("organise", "organiser"), ("documente", "documenter"),
    ("compare", "comparer"), ("prépare", "préparer"), ("choisit", "choisir"),
    ("remplace", "remplacer"), ("répare", "réparer"), ("mutualise", "mutualiser"),
    ("publie", "publier"), ("rassemble", "rassembler"), ("encadre", "encadrer"),
    ("priorise", "prioriser"), ("valorise", "valoriser"), ("pilote", "piloter"),
    ("identifie", "identifier"), ("limite", "limiter"), ("optimise", "optimiser"),
    ("sensibilise", "sensibiliser"), ("forme", "former"), ("soutient", "soutenir"),
    ("définit", "définir"), ("applique", "appliquer"), ("consolide", "consolider"),
    ("diffuse", "diffuser"), ("recense", "recenser"), ("adapte", "adapter"),
    ("allège", "alléger"), ("supprime", "supprimer"), ("conserve", "conserver"),
    ("interroge", "interroger"), ("vérifie", "vérifier"), ("planifie", "planifier"),
)  # fmt: skip
SUBJECTS = (
    "le référent", "la référente", "chaque ministère", "la DINUM", "la mission interministérielle",
    "notre équipe", "le service achats", "la direction du numérique", "le réseau",
    "chaque administration", "l'équipe projet", "un agent", "ce dispositif",
    "le secrétariat général", "la préfecture", "notre ministère", "cette démarche",
    "le comité de pilotage", "l'ADEME", "l'Arcep", "la cheffe de projet", "le responsable du parc",
)  # fmt: skip
CIRCUMSTANCES = (
    "au quotidien", "dès la conception", "chaque trimestre", "chaque année", "depuis {year}",
    "en {year}", "d'ici {year}", "sur l'ensemble du parc", "avec les services achats",
    "pour près de {number} agents", "dans chaque administration", "à moyen terme",
    "sans attendre", "avec des moyens limités", "au niveau national",
    "dans les services déconcentrés", "sur {number} sites", "en lien avec les directions métiers",
    "pendant {small} mois", "grâce au réseau", "au fil des réunions", "lors du dernier comité",
    "pour la première fois", "de manière progressive", "avant le prochain renouvellement",
    "à l'échelle de l'État", "dans le respect du RGESN", "avec l'appui de la DINUM",
)  # fmt: skip
CONNECTORS = (
    "Par ailleurs", "En pratique", "Concrètement", "Ensuite", "Enfin", "De plus", "Pourtant",
    "Ainsi", "Dans ce cadre", "Autrement dit", "Au fond", "D'abord", "En revanche",
    "Pour autant", "De la même façon", "À ce stade", "Dans les faits", "Surtout",
)  # fmt: skip
SPEAKER_ROLES = ("Référente numérique écoresponsable", "Référent numérique écoresponsable", "Cheffe de projet", "Responsable des achats", "Directeur du numérique")  # fmt: skip
ORGANISATIONS = ("Ministère de l'Intérieur", "Ministère des Armées", "Ministère de la Culture", "Ministère de la Justice", "Ministère de la Transition écologique", "DINUM", "Ministère de l'Agriculture")  # fmt: skip

_VOWELS = "aeiouyàâäéèêëîïôöùûüh"


def _definite(noun: str, gender: str) -> str:
    if noun[0] in _VOWELS:
        return f"l'{noun}"
    return f"{'le' if gender == 'm' else 'la'} {noun}"


def _of(noun: str, gender: str) -> str:
    """`de` + definite article: du, de la, de l'."""
    if noun[0] in _VOWELS:
        return f"de l'{noun}"
    return f"{'du' if gender == 'm' else 'de la'} {noun}"


def _noun_phrase(rng: random.Random) -> tuple[str, str]:
    noun, gender = rng.choice(NOUNS)
    text = noun
    if rng.random() < 0.5:
        masculine, feminine = rng.choice(ADJECTIVES)
        text += " " + (masculine if gender == "m" else feminine)
    kind = rng.random()
    if kind < 0.6:
        phrase = _definite(text, gender)
    elif kind < 0.75:
        phrase = f"{'un' if gender == 'm' else 'une'} {text}"
    elif kind < 0.9:
        phrase = f"notre {text}"
    else:
        demonstrative = "cette" if gender == "f" else ("cet" if text[0] in _VOWELS else "ce")
        phrase = f"{demonstrative} {text}"
    if rng.random() < 0.3:
        other, other_gender = rng.choice(NOUNS)
        phrase += " " + _of(other, other_gender)
    return phrase, gender


def _circumstance(rng: random.Random) -> str:
    return rng.choice(CIRCUMSTANCES).format(
        year=rng.randint(2015, 2030),
        number=f"{rng.randint(2, 95) * 100:,}".replace(",", " "),
        small=rng.randint(2, 18),
    )


def _capitalised(text: str) -> str:
    return text[0].upper() + text[1:]


def _sentence(rng: random.Random) -> str:
    pattern = rng.randrange(8)
    subject = rng.choice(SUBJECTS)
    third, infinitive = rng.choice(VERBS)
    target, _ = _noun_phrase(rng)
    if pattern == 0:
        return _capitalised(f"{subject} {third} {target} {_circumstance(rng)}.")
    if pattern == 1:
        return f"{rng.choice(CONNECTORS)}, {subject} {third} {target}."
    if pattern == 2:
        return f"Il faut {infinitive} {target} {_circumstance(rng)}."
    if pattern == 3:
        phrase, gender = _noun_phrase(rng)
        masculine, feminine = rng.choice(ADJECTIVES)
        adjective = masculine if gender == "m" else feminine
        return _capitalised(f"{phrase} reste {adjective} {_circumstance(rng)}.")
    if pattern == 4:
        other_third, _ = rng.choice(VERBS)
        second, _ = _noun_phrase(rng)
        return f"Pourquoi {infinitive} {target} ? Parce que {subject} {other_third} {second}."
    if pattern == 5:
        phrase, _ = _noun_phrase(rng)
        return f"Selon {subject}, {phrase} {third} {target} {_circumstance(rng)}."
    if pattern == 6:
        share = rng.randint(5, 90)
        return f"Sur ce point, près de {share} % du parc est concerné, {_circumstance(rng)}."
    return f"{rng.choice(CONNECTORS)}, le travail sur {target} commence {_circumstance(rng)}."


@dataclass
class SyntheticEpisode:
    number: int
    slug: str
    title: str
    date: dt.date
    summary: str
    duration: int
    themes: list[str]
    video: dict[str, str]
    poster: int
    speaker: dict[str, str]
    paragraphs: list[str]
    cues: list[tuple[float, float, str]]
    chapters: list[tuple[int, str, str | None]]
    doctrine: list[str]


def make_episode(number: int, doctrine_pages: list[str], posters: int) -> SyntheticEpisode:
    """One episode, the same for a given number whatever the size of the series."""
    rng = random.Random(SEED * 10_000 + number)
    head, _ = _noun_phrase(rng)
    tail, _ = _noun_phrase(rng)
    title = _capitalised(f"{head} : {tail}")
    slug = f"{number:04d}-{slugify(title)}"
    paragraphs: list[str] = []
    words = 0
    while words < WORDS_PER_TRANSCRIPT:
        sentences = [_sentence(rng) for _ in range(rng.randint(5, 9))]
        paragraphs.append(" ".join(sentences))
        words += sum(len(sentence.split()) for sentence in sentences)
    duration = rng.randint(540, 660)
    # Captions: the transcript spoken at an even pace, cues of 7 to 12 words that never
    # straddle two paragraphs (so that each paragraph starts with a cue).
    per_word = (duration - 5) / words
    cues: list[tuple[float, float, str]] = []
    paragraph_starts: list[float] = []
    position = 0
    for paragraph in paragraphs:
        tokens = paragraph.split()
        paragraph_starts.append(position * per_word)
        index = 0
        while index < len(tokens):
            size = rng.randint(7, 12)
            chunk = tokens[index : index + size]
            start = (position + index) * per_word
            cues.append((start, start + len(chunk) * per_word - 0.05, " ".join(chunk)))
            index += size
        position += len(tokens)
    # Eight chapters, starting at paragraphs, strictly increasing, within the duration.
    picked = sorted(rng.sample(range(1, len(paragraphs)), CHAPTERS - 1))
    chapters: list[tuple[int, str, str | None]] = []
    previous = -1
    for order, paragraph_index in enumerate([0, *picked]):
        start = max(int(paragraph_starts[paragraph_index]), previous + 1)
        chapter_title = _capitalised(_noun_phrase(rng)[0])
        link = rng.choice(doctrine_pages) if doctrine_pages and order == 2 else None
        chapters.append((start, chapter_title, link))
        previous = start
    roll = rng.random()
    if roll < 0.85:
        alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
        video = {"host": "dailymotion", "id": "x" + "".join(rng.choices(alphabet, k=7))}
    elif roll < 0.95:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
        video = {"host": "youtube", "id": "".join(rng.choices(alphabet, k=11))}
    else:
        hexa = f"{rng.getrandbits(128):032x}"
        video = {
            "host": "peertube",
            "instance": "https://tube.exemple.gouv.fr",
            "id": f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:]}",
        }
    return SyntheticEpisode(
        number=number,
        slug=slug,
        title=title,
        date=FIRST_DATE + dt.timedelta(days=number),
        summary=f"{_sentence(rng)} {_sentence(rng)}",
        duration=duration,
        themes=rng.sample(sorted(themes()), 2),
        video=video,
        poster=1 + number % posters,
        speaker={"role": rng.choice(SPEAKER_ROLES), "organisation": rng.choice(ORGANISATIONS)},
        paragraphs=paragraphs,
        cues=cues,
        chapters=chapters,
        doctrine=[rng.choice(doctrine_pages)] if doctrine_pages else [],
    )
