"""Claim extraction in Spanish, Italian, German, Portuguese and French (cue data under
``bot/data/lang/<lang>/cues.toml``): every kind, negation, hedging, attribution, buyer/seller
roles, fees, windows, reference words, background/opinion and the stopword language check.

Sentences are our own, written in the style of real transfer reports; none is taken from the
eval streams. Kai Brennan is a made-up English right-back; the clubs and outlets are the real
ones of the default gazetteer.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.claims.lexicon.language import detect
from bot.model import Article, Claim, ClaimKind, FeeKind, Player
from bot.names import derive_aliases

K = ClaimKind
KAI = "Kai Brennan"
PLAYERS = [
    Player(
        id=1,
        name=KAI,
        aliases=derive_aliases(KAI),
        followed=True,
        attributes={"nationality": "England", "position": "right-back"},
    ),
    Player(id=2, name="Luka Novak", aliases=derive_aliases("Luka Novak"), followed=True),
]
GAZETTEER = Gazetteer.default().with_players(PLAYERS)


def extract(text: str, lang: str | None) -> list[Claim]:
    article = Article(
        key="k",
        title="",
        summary=text,
        lang=lang,
        outlet="Fan Blog",
        journalist=None,
        published=datetime(2025, 1, 2, 9, tzinfo=UTC),
    )
    return [c for c in extract_claims(article, GAZETTEER) if c.player == KAI]


def of_kind(claims: list[Claim], kind: ClaimKind) -> list[Claim]:
    return [c for c in claims if c.kind is kind]


# One sentence per kind per language; Kai Brennan is always named so the row isolates the cue.
# Fee and release-clause claims come from a figure, so those rows carry one.
KIND_ROWS = [
    # Spanish
    ("es", "interest", "El Real Madrid está muy interesado en Kai Brennan.", K.INTEREST),
    ("es", "interest-2", "Kai Brennan está en el punto de mira del Chelsea.", K.INTEREST),
    ("es", "approach", "El Real Madrid ya ha sondeado al Liverpool por Kai Brennan.", K.APPROACH),
    ("es", "talks", "El Real Madrid y el Liverpool negocian el traspaso de Kai Brennan.", K.TALKS),
    ("es", "bid", "El Real Madrid presentó una oferta formal por Kai Brennan.", K.BID),
    (
        "es",
        "bid-rejected",
        "El Liverpool rechazó la oferta del Real Madrid por Kai Brennan.",
        K.BID_REJECTED,
    ),
    ("es", "fee", "El Liverpool tasa a Kai Brennan en 60 millones de euros.", K.FEE),
    (
        "es",
        "personal-terms",
        "Kai Brennan ya tiene un acuerdo personal con el Real Madrid hasta 2030.",
        K.PERSONAL_TERMS,
    ),
    (
        "es",
        "agreement",
        "Principio de acuerdo entre el Real Madrid y el Liverpool por Kai Brennan.",
        K.AGREEMENT,
    ),
    ("es", "here-we-go", "Kai Brennan, al Real Madrid: here we go.", K.HERE_WE_GO),
    (
        "es",
        "medical",
        "Kai Brennan pasará mañana el reconocimiento médico con el Real Madrid.",
        K.MEDICAL,
    ),
    ("es", "official", "El Real Madrid oficializa el fichaje de Kai Brennan.", K.OFFICIAL),
    ("es", "contract", "Kai Brennan termina contrato con el Liverpool en junio.", K.CONTRACT),
    ("es", "renewal", "Kai Brennan renueva con el Liverpool hasta 2029.", K.RENEWAL),
    ("es", "denial", "El Real Madrid desmiente cualquier contacto por Kai Brennan.", K.DENIAL),
    ("es", "collapse", "Se cae la operación de Kai Brennan con el Real Madrid.", K.COLLAPSE),
    ("es", "advocate", "Carlo Ancelotti ha pedido el fichaje de Kai Brennan.", K.ADVOCATE),
    (
        "es",
        "alternative",
        "El Real Madrid tiene a Pedro Alvarez como alternativa a Kai Brennan.",
        K.ALTERNATIVE_TARGET,
    ),
    ("es", "loan", "El Liverpool estudia la cesión de Kai Brennan al Getafe.", K.LOAN),
    (
        "es",
        "release-clause",
        "Kai Brennan tiene una cláusula de rescisión de 80 millones de euros.",
        K.RELEASE_CLAUSE,
    ),
    # Italian
    ("it", "interest", "La Juventus ha messo nel mirino Kai Brennan.", K.INTEREST),
    (
        "it",
        "approach",
        "Primo contatto della Juventus con il Liverpool per Kai Brennan.",
        K.APPROACH,
    ),
    ("it", "talks", "Juventus e Liverpool hanno avviato la trattativa per Kai Brennan.", K.TALKS),
    ("it", "bid", "La Juventus ha presentato un'offerta da 30 milioni per Kai Brennan.", K.BID),
    (
        "it",
        "bid-rejected",
        "Il Liverpool ha respinto l'offerta della Juventus per Kai Brennan.",
        K.BID_REJECTED,
    ),
    ("it", "fee", "Il Liverpool chiede 40 milioni di euro per Kai Brennan.", K.FEE),
    (
        "it",
        "personal-terms",
        "Intesa con il giocatore: Kai Brennan firmerà fino al 2030 con la Juventus.",
        K.PERSONAL_TERMS,
    ),
    ("it", "agreement", "Fumata bianca tra Juventus e Liverpool per Kai Brennan.", K.AGREEMENT),
    ("it", "here-we-go", "Kai Brennan alla Juventus, è fatta.", K.HERE_WE_GO),
    ("it", "medical", "Kai Brennan è atteso a Torino per le visite mediche.", K.MEDICAL),
    ("it", "official", "È ufficiale: Kai Brennan è un nuovo giocatore della Juventus.", K.OFFICIAL),
    ("it", "contract", "Kai Brennan ha il contratto in scadenza nel 2026.", K.CONTRACT),
    ("it", "renewal", "Kai Brennan ha firmato il rinnovo con il Liverpool.", K.RENEWAL),
    ("it", "denial", "La Juventus smentisce ogni contatto per Kai Brennan.", K.DENIAL),
    ("it", "collapse", "Salta la trattativa tra Juventus e Liverpool per Kai Brennan.", K.COLLAPSE),
    ("it", "advocate", "Thiago Motta spinge per l'acquisto di Kai Brennan.", K.ADVOCATE),
    (
        "it",
        "alternative",
        "Marco Rinaldi è l'alternativa della Juventus a Kai Brennan.",
        K.ALTERNATIVE_TARGET,
    ),
    ("it", "loan", "Kai Brennan può arrivare in prestito con diritto di riscatto.", K.LOAN),
    (
        "it",
        "release-clause",
        "Kai Brennan ha una clausola rescissoria da 70 milioni.",
        K.RELEASE_CLAUSE,
    ),
    # German
    ("de", "interest", "Der FC Bayern hat Kai Brennan im Visier.", K.INTEREST),
    (
        "de",
        "approach",
        "Der FC Bayern hat beim FC Liverpool nach Kai Brennan angefragt.",
        K.APPROACH,
    ),
    ("de", "talks", "Bayern und Liverpool verhandeln über Kai Brennan.", K.TALKS),
    ("de", "bid", "Der FC Bayern hat ein erstes Angebot für Kai Brennan abgegeben.", K.BID),
    (
        "de",
        "bid-rejected",
        "Liverpool lehnte das Angebot des FC Bayern für Kai Brennan ab.",
        K.BID_REJECTED,
    ),
    ("de", "fee", "Liverpool fordert für Kai Brennan 70 Millionen Euro Ablöse.", K.FEE),
    (
        "de",
        "personal-terms",
        "Kai Brennan ist sich mit dem FC Bayern über einen Fünfjahresvertrag einig.",
        K.PERSONAL_TERMS,
    ),
    ("de", "agreement", "Bayern und Liverpool haben sich bei Kai Brennan geeinigt.", K.AGREEMENT),
    ("de", "here-we-go", "Kai Brennan zum FC Bayern – here we go!", K.HERE_WE_GO),
    ("de", "medical", "Kai Brennan absolviert am Dienstag den Medizincheck.", K.MEDICAL),
    ("de", "official", "Der Wechsel von Kai Brennan zum FC Bayern ist offiziell.", K.OFFICIAL),
    ("de", "contract", "Der Vertrag von Kai Brennan läuft im Sommer aus.", K.CONTRACT),
    ("de", "renewal", "Kai Brennan hat seinen Vertrag in Liverpool verlängert.", K.RENEWAL),
    ("de", "denial", "Der FC Bayern dementiert jeden Kontakt zu Kai Brennan.", K.DENIAL),
    ("de", "collapse", "Der Transfer von Kai Brennan zum FC Bayern ist geplatzt.", K.COLLAPSE),
    ("de", "advocate", "Vincent Kompany wünscht sich Kai Brennan als Verstärkung.", K.ADVOCATE),
    (
        "de",
        "alternative",
        "Als Alternative zu Kai Brennan gilt Jonas Weber.",
        K.ALTERNATIVE_TARGET,
    ),
    ("de", "loan", "Kai Brennan soll per Leihe nach München wechseln.", K.LOAN),
    (
        "de",
        "release-clause",
        "Kai Brennan besitzt eine Ausstiegsklausel über 60 Millionen Euro.",
        K.RELEASE_CLAUSE,
    ),
    # Portuguese
    ("pt", "interest", "O Benfica está interessado em Kai Brennan.", K.INTEREST),
    ("pt", "approach", "O Benfica já sondou o Liverpool por Kai Brennan.", K.APPROACH),
    ("pt", "talks", "Benfica e Liverpool estão em negociações por Kai Brennan.", K.TALKS),
    ("pt", "bid", "O Benfica apresentou uma proposta por Kai Brennan.", K.BID),
    (
        "pt",
        "bid-rejected",
        "O Liverpool recusou a proposta do Benfica por Kai Brennan.",
        K.BID_REJECTED,
    ),
    ("pt", "fee", "O Liverpool exige 50 milhões de euros por Kai Brennan.", K.FEE),
    (
        "pt",
        "personal-terms",
        "Kai Brennan já tem acordo com o Benfica: contrato de cinco anos.",
        K.PERSONAL_TERMS,
    ),
    ("pt", "agreement", "Benfica e Liverpool chegaram a acordo por Kai Brennan.", K.AGREEMENT),
    ("pt", "here-we-go", "Kai Brennan para o Benfica, here we go!", K.HERE_WE_GO),
    ("pt", "medical", "Kai Brennan fará os exames médicos no Seixal.", K.MEDICAL),
    ("pt", "official", "O Benfica oficializou a contratação de Kai Brennan.", K.OFFICIAL),
    ("pt", "contract", "Kai Brennan tem contrato até 2026 com o Liverpool.", K.CONTRACT),
    ("pt", "renewal", "Kai Brennan renovou com o Liverpool até 2030.", K.RENEWAL),
    ("pt", "denial", "O Benfica desmente qualquer contacto por Kai Brennan.", K.DENIAL),
    ("pt", "collapse", "O Benfica desistiu de Kai Brennan.", K.COLLAPSE),
    ("pt", "advocate", "Bruno Lage pediu a contratação de Kai Brennan.", K.ADVOCATE),
    (
        "pt",
        "alternative",
        "O Benfica tem Pedro Alvarez como alternativa a Kai Brennan.",
        K.ALTERNATIVE_TARGET,
    ),
    ("pt", "loan", "Kai Brennan pode chegar por empréstimo ao Benfica.", K.LOAN),
    (
        "pt",
        "release-clause",
        "Kai Brennan tem uma cláusula de rescisão de 100 milhões de euros.",
        K.RELEASE_CLAUSE,
    ),
    # French
    ("fr", "interest", "Le PSG s'intéresse de près à Kai Brennan.", K.INTEREST),
    ("fr", "approach", "Le PSG a pris contact avec Liverpool pour Kai Brennan.", K.APPROACH),
    (
        "fr",
        "talks",
        "Des discussions sont en cours entre le PSG et Liverpool pour Kai Brennan.",
        K.TALKS,
    ),
    ("fr", "bid", "Le PSG a formulé une offre pour Kai Brennan.", K.BID),
    ("fr", "bid-rejected", "Liverpool a repoussé l'offre du PSG pour Kai Brennan.", K.BID_REJECTED),
    ("fr", "fee", "Liverpool réclame 65 millions d'euros pour Kai Brennan.", K.FEE),
    (
        "fr",
        "personal-terms",
        "Kai Brennan a trouvé un accord personnel avec le PSG jusqu'en 2030.",
        K.PERSONAL_TERMS,
    ),
    ("fr", "agreement", "Le PSG et Liverpool ont trouvé un accord pour Kai Brennan.", K.AGREEMENT),
    ("fr", "here-we-go", "Kai Brennan au PSG, here we go !", K.HERE_WE_GO),
    ("fr", "medical", "Kai Brennan passera sa visite médicale lundi.", K.MEDICAL),
    ("fr", "official", "Le PSG a officialisé l'arrivée de Kai Brennan.", K.OFFICIAL),
    ("fr", "contract", "Kai Brennan est en fin de contrat à Liverpool.", K.CONTRACT),
    ("fr", "renewal", "Kai Brennan a prolongé son contrat avec Liverpool.", K.RENEWAL),
    ("fr", "denial", "Le PSG dément tout contact avec Kai Brennan.", K.DENIAL),
    ("fr", "collapse", "Le transfert de Kai Brennan au PSG a capoté.", K.COLLAPSE),
    (
        "fr",
        "advocate",
        "Luis Enrique réclame son arrivée : il veut absolument Kai Brennan.",
        K.ADVOCATE,
    ),
    (
        "fr",
        "alternative",
        "Le PSG a coché Pierre Lambert comme alternative à Kai Brennan.",
        K.ALTERNATIVE_TARGET,
    ),
    ("fr", "loan", "Kai Brennan pourrait rejoindre Marseille sous la forme d'un prêt.", K.LOAN),
    (
        "fr",
        "release-clause",
        "Kai Brennan dispose d'une clause libératoire de 90 millions d'euros.",
        K.RELEASE_CLAUSE,
    ),
]


@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [pytest.param(lang, text, kind, id=f"{lang}-{name}") for lang, name, text, kind in KIND_ROWS],
)
def test_kind(lang: str, text: str, kind: ClaimKind) -> None:
    assert kind in {c.kind for c in extract(text, lang)}


@pytest.mark.parametrize(
    ("lang", "text", "kind", "polarity"),
    [
        pytest.param(
            "es",
            "El Real Madrid no ha hecho ninguna oferta por Kai Brennan.",
            K.BID,
            False,
            id="es-no-offer",
        ),
        # a negated agreement is a denial
        pytest.param(
            "es",
            "No hay acuerdo entre el Real Madrid y Kai Brennan.",
            K.DENIAL,
            True,
            id="es-no-agreement",
        ),
        pytest.param(
            "it",
            "La Juventus non ha fatto alcuna offerta per Kai Brennan.",
            K.BID,
            False,
            id="it-no-offer",
        ),
        pytest.param(
            "it",
            "Non c'è nessun accordo tra la Juventus e Kai Brennan.",
            K.DENIAL,
            True,
            id="it-no-agreement",
        ),
        pytest.param(
            "de",
            "Der FC Bayern hat kein Angebot für Kai Brennan abgegeben.",
            K.BID,
            False,
            id="de-no-offer",
        ),
        pytest.param(
            "de",
            "Es gibt keine Einigung zwischen Bayern und Kai Brennan.",
            K.DENIAL,
            True,
            id="de-no-agreement",
        ),
        pytest.param(
            "pt",
            "O Benfica não fez nenhuma proposta por Kai Brennan.",
            K.BID,
            False,
            id="pt-no-offer",
        ),
        pytest.param(
            "pt",
            "Não há acordo entre o Benfica e Kai Brennan.",
            K.DENIAL,
            True,
            id="pt-no-agreement",
        ),
        # the elided "n'" counts as a negator
        pytest.param(
            "fr",
            "Le PSG n'a formulé aucune offre pour Kai Brennan.",
            K.BID,
            False,
            id="fr-no-offer",
        ),
        pytest.param(
            "fr",
            "Il n'y a pas d'accord entre le PSG et Kai Brennan.",
            K.DENIAL,
            True,
            id="fr-no-agreement",
        ),
        # "sin embargo" is "however", not a negator
        pytest.param(
            "es",
            "Sin embargo, el Real Madrid ya ha presentado una oferta por Kai Brennan.",
            K.BID,
            True,
            id="es-sin-embargo",
        ),
    ],
)
def test_negation(lang: str, text: str, kind: ClaimKind, polarity: bool) -> None:
    claims = of_kind(extract(text, lang), kind)
    assert claims and claims[0].polarity is polarity


@pytest.mark.parametrize(
    ("lang", "text", "hedged"),
    [
        pytest.param(
            "es", "El Real Madrid podría lanzar una oferta por Kai Brennan.", True, id="es-podria"
        ),
        pytest.param(
            "es", "El Real Madrid ha presentado una oferta por Kai Brennan.", False, id="es-plain"
        ),
        pytest.param(
            "it",
            "La Juventus sarebbe pronta a presentare un'offerta per Kai Brennan.",
            True,
            id="it-sarebbe",
        ),
        pytest.param(
            "it", "La Juventus ha presentato un'offerta per Kai Brennan.", False, id="it-plain"
        ),
        pytest.param(
            "de", "Der FC Bayern soll ein Angebot für Kai Brennan planen.", True, id="de-soll"
        ),
        pytest.param(
            "de", "Der FC Bayern hat ein Angebot für Kai Brennan abgegeben.", False, id="de-plain"
        ),
        pytest.param(
            "pt", "O Benfica prepara uma proposta por Kai Brennan.", True, id="pt-prepara"
        ),
        pytest.param(
            "pt", "O Benfica apresentou uma proposta por Kai Brennan.", False, id="pt-plain"
        ),
        pytest.param(
            "fr", "Le PSG pourrait formuler une offre pour Kai Brennan.", True, id="fr-pourrait"
        ),
        pytest.param("fr", "Le PSG a formulé une offre pour Kai Brennan.", False, id="fr-plain"),
    ],
)
def test_hedging(lang: str, text: str, hedged: bool) -> None:
    claims = of_kind(extract(text, lang), K.BID)
    assert claims and claims[0].hedged is hedged


@pytest.mark.parametrize(
    ("lang", "text", "source", "tier"),
    [
        pytest.param(
            "es",
            "Según Relevo, el Real Madrid ha sondeado al Liverpool por Kai Brennan.",
            "Relevo",
            None,
            id="es-segun",
        ),
        pytest.param(
            "es",
            "El Real Madrid ha sondeado al Liverpool por Kai Brennan, informa Marca.",
            "Marca",
            None,
            id="es-informa",
        ),
        pytest.param(
            "it",
            "Secondo Gianluca Di Marzio, la Juventus ha sondato il Liverpool per Kai Brennan.",
            "Gianluca Di Marzio",
            None,
            id="it-secondo",
        ),
        pytest.param(
            "it",
            "La Juventus ha sondato il Liverpool per Kai Brennan, riporta Tuttosport.",
            "Tuttosport",
            None,
            id="it-riporta",
        ),
        pytest.param(
            "de",
            "Laut Kicker hat der FC Bayern beim FC Liverpool nach Kai Brennan angefragt.",
            "Kicker",
            None,
            id="de-laut",
        ),
        pytest.param(
            "de",
            "Wie Sport Bild berichtet, hat der FC Bayern nach Kai Brennan angefragt.",
            "Sport Bild",
            None,
            id="de-berichtet",
        ),
        pytest.param(
            "pt",
            "Segundo A Bola, o Benfica já sondou o Liverpool por Kai Brennan.",
            "A Bola",
            None,
            id="pt-segundo",
        ),
        pytest.param(
            "pt",
            "O Benfica já sondou o Liverpool por Kai Brennan, avança o Record.",
            "Record",
            None,
            id="pt-avanca",
        ),
        pytest.param(
            "fr",
            "Selon RMC Sport, le PSG a pris contact avec Liverpool pour Kai Brennan.",
            "RMC Sport",
            None,
            id="fr-selon",
        ),
        pytest.param(
            "fr",
            "D'après L'Équipe, le PSG a pris contact avec Liverpool pour Kai Brennan.",
            "L'Équipe",
            None,
            id="fr-d-apres",
        ),
        # an outlet the gazetteer does not know, marked as a source by the phrasing: tier 3
        pytest.param(
            "es",
            "Según Diario Ficticio, el Real Madrid ha sondeado al Liverpool por Kai Brennan.",
            "Diario Ficticio",
            3,
            id="es-unknown-outlet",
        ),
    ],
)
def test_attribution(lang: str, text: str, source: str, tier: int | None) -> None:
    # a known outlet's tier is the gazetteer's (tiers are data); None stands for that
    tier = GAZETTEER.tier(source) if tier is None else tier
    claims = extract(text, lang)
    assert claims
    assert {(c.source.name, c.source.tier) for c in claims if c.source} == {(source, tier)}


@pytest.mark.parametrize(
    ("lang", "text", "kind", "buyer", "seller"),
    [
        pytest.param(
            "es",
            "El Real Madrid ha sondeado al lateral del Liverpool Kai Brennan.",
            K.APPROACH,
            "Real Madrid",
            "Liverpool",
            id="es-lateral-del",
        ),
        pytest.param(
            "es",
            "El Real Madrid quiere fichar a Kai Brennan, lateral del Liverpool.",
            K.INTEREST,
            "Real Madrid",
            "Liverpool",
            id="es-apposition",
        ),
        pytest.param(
            "es",
            "El Liverpool rechazó la oferta del Real Madrid por Kai Brennan.",
            K.BID_REJECTED,
            "Real Madrid",
            "Liverpool",
            id="es-rejects",
        ),
        pytest.param(
            "it",
            "La Juventus ha presentato un'offerta per il difensore del Liverpool Kai Brennan.",
            K.BID,
            "Juventus",
            "Liverpool",
            id="it-difensore-del",
        ),
        pytest.param(
            "it",
            "Il Liverpool ha respinto l'offerta della Juventus per Kai Brennan.",
            K.BID_REJECTED,
            "Juventus",
            "Liverpool",
            id="it-respinto",
        ),
        pytest.param(
            "de",
            "Der FC Bayern hat ein Angebot für Liverpool-Verteidiger Kai Brennan abgegeben.",
            K.BID,
            "Bayern Munich",
            "Liverpool",
            id="de-compound",
        ),
        pytest.param(
            "de",
            "Der FC Bayern verhandelt mit Liverpool über Kai Brennan.",
            K.TALKS,
            "Bayern Munich",
            "Liverpool",
            id="de-verhandelt-mit",
        ),
        pytest.param(
            "pt",
            "O Benfica apresentou uma proposta pelo lateral do Liverpool Kai Brennan.",
            K.BID,
            "Benfica",
            "Liverpool",
            id="pt-lateral-do",
        ),
        pytest.param(
            "pt",
            "O Liverpool recusou a proposta do Benfica por Kai Brennan.",
            K.BID_REJECTED,
            "Benfica",
            "Liverpool",
            id="pt-recusou",
        ),
        pytest.param(
            "fr",
            "Le PSG a formulé une offre pour le latéral de Liverpool Kai Brennan.",
            K.BID,
            "Paris Saint-Germain",
            "Liverpool",
            id="fr-lateral-de",
        ),
        pytest.param(
            "fr",
            "Liverpool a refusé l'offre du PSG pour Kai Brennan.",
            K.BID_REJECTED,
            "Paris Saint-Germain",
            "Liverpool",
            id="fr-refuse",
        ),
    ],
)
def test_roles(lang: str, text: str, kind: ClaimKind, buyer: str, seller: str) -> None:
    claims = of_kind(extract(text, lang), kind)
    assert claims
    assert (claims[0].buyer, claims[0].seller) == (buyer, seller)


@pytest.mark.parametrize(
    ("lang", "text", "kind", "fee_kind", "eur"),
    [
        pytest.param(
            "es",
            "El Real Madrid ofrece 25 millones de euros por Kai Brennan.",
            K.BID,
            FeeKind.OFFER,
            25e6,
            id="es-offer",
        ),
        pytest.param(
            "es",
            "El Liverpool pide 40 millones de euros por Kai Brennan.",
            K.FEE,
            FeeKind.VALUATION,
            40e6,
            id="es-valuation",
        ),
        pytest.param(
            "it",
            "La Juventus ha messo sul piatto 20 milioni per Kai Brennan.",
            K.BID,
            FeeKind.OFFER,
            20e6,
            id="it-offer",
        ),
        pytest.param(
            "it",
            "Kai Brennan guadagnerà 5 milioni netti a stagione alla Juventus.",
            K.PERSONAL_TERMS,
            FeeKind.WAGES,
            5e6,
            id="it-wages",
        ),
        pytest.param(
            "de",
            "Der FC Bayern bietet 100 Millionen Euro für Kai Brennan.",
            K.BID,
            FeeKind.OFFER,
            100e6,
            id="de-offer",
        ),
        pytest.param(
            "de",
            "Liverpool verlangt 80 Millionen Euro für Kai Brennan.",
            K.FEE,
            FeeKind.VALUATION,
            80e6,
            id="de-valuation",
        ),
        pytest.param(
            "pt",
            "O Benfica ofereceu €65,76 milhões por Kai Brennan.",
            K.BID,
            FeeKind.OFFER,
            65.76e6,
            id="pt-offer",
        ),
        pytest.param(
            "pt",
            "Kai Brennan tem uma cláusula de rescisão de 120 milhões de euros.",
            K.RELEASE_CLAUSE,
            FeeKind.CLAUSE,
            120e6,
            id="pt-clause",
        ),
        pytest.param(
            "fr",
            "Le PSG propose 65 millions d'euros pour Kai Brennan.",
            K.BID,
            FeeKind.OFFER,
            65e6,
            id="fr-offer",
        ),
        pytest.param(
            "fr",
            "Liverpool exige 70 millions d'euros pour Kai Brennan.",
            K.FEE,
            FeeKind.VALUATION,
            70e6,
            id="fr-valuation",
        ),
    ],
)
def test_fee(lang: str, text: str, kind: ClaimKind, fee_kind: FeeKind, eur: float) -> None:
    claims = [c for c in of_kind(extract(text, lang), kind) if c.fee is not None]
    assert claims
    fee = claims[0].fee
    assert fee is not None
    assert fee.kind is fee_kind
    assert fee.eur_mid == pytest.approx(eur, rel=0.01)


@pytest.mark.parametrize(
    ("lang", "text", "window"),
    [
        pytest.param(
            "es",
            "El Real Madrid presentará una oferta por Kai Brennan en el mercado de invierno.",
            "january-2025",
            id="es-invierno",
        ),
        pytest.param(
            "it",
            "La Juventus tornerà alla carica per Kai Brennan la prossima estate con un'offerta.",
            "summer-2025",
            id="it-estate",
        ),
        pytest.param(
            "de",
            "Der FC Bayern will im Sommer ein Angebot für Kai Brennan abgeben.",
            "summer-2025",
            id="de-sommer",
        ),
        pytest.param(
            "pt",
            "O Benfica fará uma proposta por Kai Brennan em janeiro.",
            "january-2025",
            id="pt-janeiro",
        ),
        pytest.param(
            "fr",
            "Le PSG formulera une offre pour Kai Brennan l'été prochain.",
            "summer-2025",
            id="fr-ete",
        ),
    ],
)
def test_window(lang: str, text: str, window: str) -> None:
    claims = of_kind(extract(text, lang), K.BID)
    assert claims and claims[0].window is not None
    assert claims[0].window.key == window


# The second sentence names nobody: a descriptor or pronoun points back at Kai Brennan.
@pytest.mark.parametrize(
    ("lang", "text", "kind"),
    [
        pytest.param(
            "es",
            "Kai Brennan brilla en el Liverpool. El Real Madrid ha sondeado al jugador.",
            K.APPROACH,
            id="es-el-jugador",
        ),
        pytest.param(
            "es",
            "Kai Brennan brilla en el Liverpool. "
            "El internacional inglés tiene un acuerdo verbal con el Real Madrid.",
            K.AGREEMENT,
            id="es-internacional",
        ),
        pytest.param(
            "it",
            "Kai Brennan gioca nel Liverpool. La Juventus ha presentato un'offerta per l'inglese.",
            K.BID,
            id="it-l-inglese",
        ),
        pytest.param(
            "it",
            "Kai Brennan gioca nel Liverpool. Il giocatore ha già svolto le visite mediche.",
            K.MEDICAL,
            id="it-il-giocatore",
        ),
        pytest.param(
            "de",
            "Kai Brennan spielt für Liverpool. Bayern hat ein Angebot für den Engländer abgegeben.",
            K.BID,
            id="de-englaender",
        ),
        pytest.param(
            "de",
            "Kai Brennan spielt für Liverpool. Nun absolviert der Spieler den Medizincheck.",
            K.MEDICAL,
            id="de-der-spieler",
        ),
        pytest.param(
            "pt",
            "Kai Brennan joga no Liverpool. O Benfica fez uma proposta pelo inglês.",
            K.BID,
            id="pt-o-ingles",
        ),
        pytest.param(
            "pt",
            "Kai Brennan joga no Liverpool. O jogador fará exames médicos amanhã.",
            K.MEDICAL,
            id="pt-o-jogador",
        ),
        pytest.param(
            "fr",
            "Kai Brennan joue à Liverpool. Le PSG a formulé une offre pour l'Anglais.",
            K.BID,
            id="fr-l-anglais",
        ),
        pytest.param(
            "fr",
            "Kai Brennan joue à Liverpool. Le joueur passera sa visite médicale lundi.",
            K.MEDICAL,
            id="fr-le-joueur",
        ),
    ],
)
def test_reference(lang: str, text: str, kind: ClaimKind) -> None:
    assert kind in {c.kind for c in extract(text, lang)}


# Background (old moves, career colour) and the writer's own opinion carry no claim.
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param(
            "es",
            "Kai Brennan llegó al Liverpool en 2016 procedente del Arsenal.",
            id="es-background",
        ),
        pytest.param(
            "es",
            "En mi opinión, Kai Brennan debería aceptar la oferta del Real Madrid.",
            id="es-opinion",
        ),
        pytest.param(
            "it", "Kai Brennan era stato acquistato dal Liverpool nel 2015.", id="it-background"
        ),
        pytest.param(
            "it",
            "A mio avviso la Juventus dovrebbe fare un'offerta per Kai Brennan.",
            id="it-opinion",
        ),
        pytest.param("de", "Kai Brennan kam 2016 von Arsenal nach Liverpool.", id="de-background"),
        pytest.param(
            "de",
            "Meiner Meinung nach sollte Bayern ein Angebot für Kai Brennan machen.",
            id="de-opinion",
        ),
        pytest.param(
            "pt", "Kai Brennan chegou ao Liverpool em 2017 vindo do Arsenal.", id="pt-background"
        ),
        pytest.param(
            "pt",
            "Na minha opinião, o Benfica devia fazer uma proposta por Kai Brennan.",
            id="pt-opinion",
        ),
        pytest.param("fr", "Kai Brennan avait signé à Liverpool en 2016.", id="fr-background"),
        pytest.param(
            "fr", "À mon avis, le PSG devrait faire une offre pour Kai Brennan.", id="fr-opinion"
        ),
    ],
)
def test_background_and_opinion_carry_no_claim(lang: str, text: str) -> None:
    assert extract(text, lang) == []


# Undeclared language: the stopword counts of each cues.toml pick the right cue set.
@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param(
            "El Real Madrid ha presentado una oferta por el lateral del Liverpool.", "es", id="es"
        ),
        pytest.param(
            "La Juventus ha presentato un'offerta per il difensore della Nazionale.", "it", id="it"
        ),
        pytest.param("Der FC Bayern hat ein Angebot für den Verteidiger abgegeben.", "de", id="de"),
        pytest.param("O Benfica fez uma proposta pelo lateral que não foi aceite.", "pt", id="pt"),
        pytest.param("Le PSG a formulé une offre pour le latéral de Liverpool.", "fr", id="fr"),
    ],
)
def test_language_detected(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_undeclared_language_uses_its_cues() -> None:
    # no lang on the item: the Spanish cues still find the rejection
    text = "El Liverpool rechazó la oferta del Real Madrid por Kai Brennan."
    assert K.BID_REJECTED in {c.kind for c in extract(text, None)}
