"""Everyday phrasings of each stage in the six languages, one row each (sentences our own).

A broad table beside the per-kind rows of ``test_claims.py``: the ways transfer desks say it
("ins Visier genommen", "sigue de cerca", "suit de près", "struck a deal", "a season-long loan").
A ``-`` before a kind means that kind stated negative (polarity false).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.claims import extract_claims
from bot.claims.lexicon.gazetteer import Gazetteer
from bot.model import Player
from bot.names import derive_aliases
from tests.claims.support import article

BRENNAN = "Kai Brennan"
GAZETTEER = Gazetteer.default().with_players(
    [Player(id=1, name=BRENNAN, aliases=derive_aliases(BRENNAN), followed=True)]
)

ROWS = [
    pytest.param(
        "de",
        "interest",
        "Der VfB Stuttgart plant einen Transfer von Kai Brennan im Januar.",
        id="de-interest-plant-transfer",
    ),
    pytest.param(
        "it", "interest", "Il Napoli vuole Kai Brennan per gennaio.", id="it-interest-vuole"
    ),
    pytest.param(
        "es",
        "official",
        "El Sevilla ha anunciado el fichaje de Kai Brennan.",
        id="es-official-anunciado",
    ),
    pytest.param(
        "pt",
        "agreement",
        "Benfica e Brentford estão de acordo para a transferência de Kai Brennan.",
        id="pt-agreement-de-acordo",
    ),
    pytest.param("pt", "interest", "O Sporting quer Kai Brennan.", id="pt-interest-quer"),
    pytest.param(
        "de",
        "interest",
        "Der FC Bayern hat Kai Brennan vom FC Brentford ins Visier genommen.",
        id="de-interest-1",
    ),
    pytest.param("de", "interest", "Kai Brennan steht beim BVB auf der Liste.", id="de-interest-2"),
    pytest.param(
        "de",
        "approach",
        "Der VfB Stuttgart hat bei Brentford wegen Kai Brennan angefragt.",
        id="de-approach-1",
    ),
    pytest.param(
        "de", "talks", "Der FC Bayern verhandelt mit Brentford über Kai Brennan.", id="de-talks-1"
    ),
    pytest.param(
        "de",
        "bid",
        "Der FC Bayern hat ein erstes Angebot über 40 Millionen Euro für Kai Brennan abgegeben.",
        id="de-bid-1",
    ),
    pytest.param(
        "de",
        "bid_rejected",
        "Brentford hat das Angebot des FC Bayern für Kai Brennan abgelehnt.",
        id="de-bid_rejected-1",
    ),
    pytest.param(
        "de",
        "agreement",
        "Der FC Bayern und Brentford haben sich über einen Wechsel von Kai Brennan geeinigt.",
        id="de-agreement-1",
    ),
    pytest.param(
        "de",
        "personal_terms",
        "Kai Brennan ist sich mit dem FC Bayern über einen Vertrag bis 2030 einig.",
        id="de-personal_terms-1",
    ),
    pytest.param(
        "de",
        "medical",
        "Kai Brennan absolviert am Montag den Medizincheck beim FC Bayern.",
        id="de-medical-1",
    ),
    pytest.param(
        "de",
        "official",
        "Der FC Bayern hat die Verpflichtung von Kai Brennan offiziell bekanntgegeben.",
        id="de-official-1",
    ),
    pytest.param(
        "de", "denial", "Brentford dementiert einen Wechsel von Kai Brennan.", id="de-denial-1"
    ),
    pytest.param(
        "de",
        "collapse",
        "Der Wechsel von Kai Brennan zum FC Bayern ist geplatzt.",
        id="de-collapse-1",
    ),
    pytest.param(
        "de",
        "renewal",
        "Kai Brennan hat seinen Vertrag bei Brentford vorzeitig verlängert.",
        id="de-renewal-1",
    ),
    pytest.param(
        "de", "loan", "Kai Brennan wechselt auf Leihbasis zum VfB Stuttgart.", id="de-loan-1"
    ),
    pytest.param(
        "pt", "interest", "O Benfica está de olho em Kai Brennan, do Brentford.", id="pt-interest-1"
    ),
    pytest.param(
        "pt", "approach", "O FC Porto sondou o Brentford por Kai Brennan.", id="pt-approach-1"
    ),
    pytest.param(
        "pt",
        "talks",
        "O Benfica está em negociações com o Brentford por Kai Brennan.",
        id="pt-talks-1",
    ),
    pytest.param(
        "pt",
        "bid",
        "O Benfica apresentou uma proposta de 20 milhões de euros por Kai Brennan.",
        id="pt-bid-1",
    ),
    pytest.param(
        "pt",
        "bid_rejected",
        "O Brentford recusou a proposta do Benfica por Kai Brennan.",
        id="pt-bid_rejected-1",
    ),
    pytest.param(
        "pt",
        "agreement",
        "Benfica e Brentford chegaram a acordo pela transferência de Kai Brennan.",
        id="pt-agreement-1",
    ),
    pytest.param("pt", "medical", "Kai Brennan fez exames médicos no Benfica.", id="pt-medical-1"),
    pytest.param(
        "pt", "official", "O Benfica oficializou a contratação de Kai Brennan.", id="pt-official-1"
    ),
    pytest.param("pt", "denial", "O Brentford desmentiu a saída de Kai Brennan.", id="pt-denial-1"),
    pytest.param(
        "pt",
        "collapse",
        "A transferência de Kai Brennan para o Benfica caiu por terra.",
        id="pt-collapse-1",
    ),
    pytest.param(
        "pt", "renewal", "Kai Brennan renovou contrato com o Brentford até 2029.", id="pt-renewal-1"
    ),
    pytest.param(
        "fr",
        "interest",
        "L'OM s'intéresse à Kai Brennan, le milieu de Brentford.",
        id="fr-interest-1",
    ),
    pytest.param("fr", "interest", "Kai Brennan est dans le viseur du PSG.", id="fr-interest-2"),
    pytest.param(
        "fr",
        "approach",
        "Le PSG a pris contact avec Brentford pour Kai Brennan.",
        id="fr-approach-1",
    ),
    pytest.param(
        "fr", "talks", "Le PSG et Brentford discutent du transfert de Kai Brennan.", id="fr-talks-1"
    ),
    pytest.param(
        "fr",
        "bid",
        "Le PSG a formulé une offre de 30 millions d'euros pour Kai Brennan.",
        id="fr-bid-1",
    ),
    pytest.param(
        "fr",
        "bid_rejected",
        "Brentford a repoussé l'offre du PSG pour Kai Brennan.",
        id="fr-bid_rejected-1",
    ),
    pytest.param(
        "fr",
        "agreement",
        "Le PSG a trouvé un accord avec Brentford pour Kai Brennan.",
        id="fr-agreement-1",
    ),
    pytest.param(
        "fr", "medical", "Kai Brennan passe sa visite médicale au PSG ce lundi.", id="fr-medical-1"
    ),
    pytest.param(
        "fr", "official", "C'est officiel, Kai Brennan s'engage avec le PSG.", id="fr-official-1"
    ),
    pytest.param(
        "fr",
        "denial",
        "Brentford dément tout contact avec le PSG au sujet de Kai Brennan.",
        id="fr-denial-1",
    ),
    pytest.param(
        "fr", "collapse", "Le transfert de Kai Brennan au PSG a capoté.", id="fr-collapse-1"
    ),
    pytest.param(
        "it", "interest", "La Juventus pensa a Kai Brennan del Brentford.", id="it-interest-1"
    ),
    pytest.param("it", "interest", "Kai Brennan è nel mirino del Milan.", id="it-interest-2"),
    pytest.param(
        "it", "approach", "Il Milan ha sondato il Brentford per Kai Brennan.", id="it-approach-1"
    ),
    pytest.param(
        "it", "talks", "Il Milan tratta con il Brentford per Kai Brennan.", id="it-talks-1"
    ),
    pytest.param(
        "it",
        "bid",
        "Il Milan ha presentato un'offerta da 25 milioni per Kai Brennan.",
        id="it-bid-1",
    ),
    pytest.param(
        "it",
        "bid_rejected",
        "Il Brentford ha rifiutato l'offerta del Milan per Kai Brennan.",
        id="it-bid_rejected-1",
    ),
    pytest.param(
        "it",
        "agreement",
        "Milan e Brentford hanno trovato l'intesa per Kai Brennan.",
        id="it-agreement-1",
    ),
    pytest.param(
        "it",
        "medical",
        "Kai Brennan sosterrà le visite mediche con il Milan domani.",
        id="it-medical-1",
    ),
    pytest.param(
        "it", "official", "Il Milan ha ufficializzato l'arrivo di Kai Brennan.", id="it-official-1"
    ),
    pytest.param(
        "it", "collapse", "Salta il trasferimento di Kai Brennan al Milan.", id="it-collapse-1"
    ),
    pytest.param(
        "es", "interest", "El Atlético de Madrid sigue de cerca a Kai Brennan.", id="es-interest-1"
    ),
    pytest.param(
        "es",
        "approach",
        "El Sevilla ha preguntado por Kai Brennan al Brentford.",
        id="es-approach-1",
    ),
    pytest.param(
        "es", "talks", "El Sevilla negocia con el Brentford por Kai Brennan.", id="es-talks-1"
    ),
    pytest.param(
        "es",
        "bid",
        "El Sevilla ha presentado una oferta de 15 millones por Kai Brennan.",
        id="es-bid-1",
    ),
    pytest.param(
        "es",
        "bid_rejected",
        "El Brentford ha rechazado la oferta del Sevilla por Kai Brennan.",
        id="es-bid_rejected-1",
    ),
    pytest.param(
        "es",
        "agreement",
        "Sevilla y Brentford han llegado a un acuerdo por Kai Brennan.",
        id="es-agreement-1",
    ),
    pytest.param(
        "es",
        "medical",
        "Kai Brennan pasará el reconocimiento médico con el Sevilla.",
        id="es-medical-1",
    ),
    pytest.param(
        "es",
        "official",
        "El Sevilla ha hecho oficial el fichaje de Kai Brennan.",
        id="es-official-1",
    ),
    pytest.param(
        "es", "collapse", "Se cae el fichaje de Kai Brennan por el Sevilla.", id="es-collapse-1"
    ),
    pytest.param(
        "en",
        "interest",
        "Arsenal are weighing up a move for Kai Brennan of Brentford.",
        id="en-interest-1",
    ),
    pytest.param(
        "en", "talks", "Arsenal have opened talks with Brentford over Kai Brennan.", id="en-talks-1"
    ),
    pytest.param(
        "en",
        "bid",
        "Arsenal have submitted a £40m offer for Brentford's Kai Brennan.",
        id="en-bid-1",
    ),
    pytest.param(
        "en",
        "bid_rejected",
        "Brentford have knocked back Arsenal's opening offer for Kai Brennan.",
        id="en-bid_rejected-1",
    ),
    pytest.param(
        "en",
        "agreement",
        "Arsenal have struck a deal with Brentford for Kai Brennan.",
        id="en-agreement-1",
    ),
    pytest.param(
        "en", "medical", "Kai Brennan is undergoing a medical at Arsenal.", id="en-medical-1"
    ),
    pytest.param(
        "en",
        "official",
        "Arsenal have confirmed the signing of Kai Brennan from Brentford.",
        id="en-official-1",
    ),
    pytest.param(
        "en",
        "collapse",
        "Arsenal's move for Kai Brennan is off after talks with Brentford stalled.",
        id="en-collapse-1",
    ),
    pytest.param(
        "en",
        "denial",
        "Brentford have played down reports linking Kai Brennan with Arsenal.",
        id="en-denial-1",
    ),
    pytest.param("en", "bid", "Arsenal have launched a £40m bid for Kai Brennan.", id="en-bid-2"),
    pytest.param("en", "bid", "Arsenal are preparing an offer for Kai Brennan.", id="en-bid-3"),
    pytest.param(
        "en", "interest", "Kai Brennan is attracting interest from Arsenal.", id="en-interest-2"
    ),
    pytest.param(
        "en",
        "interest",
        "Arsenal hold a long-standing admiration for Kai Brennan.",
        id="en-interest-3",
    ),
    pytest.param(
        "en",
        "agreement",
        "Brentford have accepted Arsenal's £40m offer for Kai Brennan.",
        id="en-agreement-2",
    ),
    pytest.param(
        "en",
        "personal_terms",
        "Kai Brennan has agreed a five-year contract with Arsenal.",
        id="en-personal_terms-1",
    ),
    pytest.param(
        "en", "here_we_go", "Here we go: Kai Brennan to Arsenal, done deal.", id="en-here_we_go-1"
    ),
    pytest.param(
        "en",
        "medical",
        "Kai Brennan will fly to London for medical tests with Arsenal.",
        id="en-medical-2",
    ),
    pytest.param(
        "en", "official", "Kai Brennan has completed his move to Arsenal.", id="en-official-2"
    ),
    pytest.param(
        "en",
        "-agreement",
        "There is no agreement between Arsenal and Brentford for Kai Brennan.",
        id="en-agreement-3",
    ),
    pytest.param(
        "en",
        "bid_rejected",
        "Brentford boss Keith Andrews insisted Kai Brennan is not for sale.",
        id="en-bid_rejected-2",
    ),
    pytest.param(
        "en", "loan", "Kai Brennan is set to join Fulham on a season-long loan.", id="en-loan-1"
    ),
    pytest.param(
        "en",
        "bid_rejected",
        "Brentford rejected a £30m bid from Arsenal for Kai Brennan.",
        id="en-bid_rejected-3",
    ),
    pytest.param(
        "en",
        "collapse",
        "Arsenal have walked away from a deal for Kai Brennan.",
        id="en-collapse-2",
    ),
    pytest.param(
        "es", "interest", "Kai Brennan gusta mucho en el Atlético de Madrid.", id="es-interest-2"
    ),
    pytest.param(
        "es", "interest", "El Sevilla tiene en su agenda a Kai Brennan.", id="es-interest-3"
    ),
    pytest.param("es", "bid", "El Sevilla ofrece 15 millones por Kai Brennan.", id="es-bid-2"),
    pytest.param(
        "es",
        "bid_rejected",
        "El Brentford dice no a la oferta del Sevilla por Kai Brennan.",
        id="es-bid_rejected-2",
    ),
    pytest.param(
        "es",
        "agreement",
        "Kai Brennan tiene un acuerdo con el Sevilla hasta 2029.",
        id="es-agreement-2",
    ),
    pytest.param(
        "es",
        "denial",
        "El Brentford niega cualquier negociación por Kai Brennan.",
        id="es-denial-1",
    ),
    pytest.param(
        "es", "renewal", "Kai Brennan renueva con el Brentford hasta 2030.", id="es-renewal-1"
    ),
    pytest.param("es", "loan", "Kai Brennan llega cedido al Sevilla.", id="es-loan-1"),
    pytest.param(
        "it", "bid", "Il Milan ha messo sul piatto 25 milioni per Kai Brennan.", id="it-bid-2"
    ),
    pytest.param(
        "it",
        "bid_rejected",
        "Il Brentford ha detto no ai 25 milioni del Milan per Kai Brennan.",
        id="it-bid_rejected-2",
    ),
    pytest.param(
        "it",
        "agreement",
        "C'è l'accordo tra Milan e Brentford per Kai Brennan.",
        id="it-agreement-2",
    ),
    pytest.param(
        "it",
        "personal_terms",
        "Kai Brennan ha l'accordo con il Milan per un quinquennale.",
        id="it-personal_terms-1",
    ),
    pytest.param(
        "it",
        "denial",
        "Il Brentford smentisce la trattativa con il Milan per Kai Brennan.",
        id="it-denial-1",
    ),
    pytest.param(
        "it",
        "renewal",
        "Kai Brennan ha rinnovato con il Brentford fino al 2029.",
        id="it-renewal-1",
    ),
    pytest.param("it", "loan", "Kai Brennan arriva in prestito al Milan.", id="it-loan-1"),
    pytest.param(
        "it", "interest", "Il Milan segue con attenzione Kai Brennan.", id="it-interest-3"
    ),
    pytest.param(
        "de", "bid", "Der FC Bayern bietet 40 Millionen Euro für Kai Brennan.", id="de-bid-2"
    ),
    pytest.param("de", "interest", "Der FC Bayern buhlt um Kai Brennan.", id="de-interest-3"),
    pytest.param(
        "de",
        "bid_rejected",
        "Brentford hat ein Angebot des FC Bayern für Kai Brennan ausgeschlagen.",
        id="de-bid_rejected-2",
    ),
    pytest.param(
        "de",
        "agreement",
        "Der FC Bayern ist sich mit Brentford über Kai Brennan einig.",
        id="de-agreement-2",
    ),
    pytest.param(
        "de",
        "denial",
        "Es gibt noch keine Einigung zwischen dem FC Bayern und Brentford über Kai Brennan.",
        id="de-denial-2",
    ),
    pytest.param(
        "de",
        "denial",
        "Brentford-Boss Keith Andrews schließt einen Verkauf von Kai Brennan aus.",
        id="de-denial-3",
    ),
    pytest.param(
        "de", "interest", "Kai Brennan ist ein Kandidat beim FC Bayern.", id="de-interest-4"
    ),
    pytest.param("pt", "interest", "Kai Brennan interessa ao FC Porto.", id="pt-interest-2"),
    pytest.param("pt", "bid", "O Sporting ofereceu 20 milhões por Kai Brennan.", id="pt-bid-2"),
    pytest.param(
        "pt",
        "personal_terms",
        "Kai Brennan já tem acordo com o Sporting para um contrato de cinco anos.",
        id="pt-personal_terms-1",
    ),
    pytest.param(
        "pt",
        "agreement",
        "Está fechada a transferência de Kai Brennan para o Sporting.",
        id="pt-agreement-2",
    ),
    pytest.param(
        "pt",
        "bid_rejected",
        "O Brentford rejeitou a oferta do Sporting por Kai Brennan.",
        id="pt-bid_rejected-2",
    ),
    pytest.param("pt", "loan", "Kai Brennan vai ser emprestado ao Sporting.", id="pt-loan-1"),
    pytest.param("fr", "interest", "Le PSG suit Kai Brennan de près.", id="fr-interest-3"),
    pytest.param("fr", "interest", "Kai Brennan plaît beaucoup au PSG.", id="fr-interest-4"),
    pytest.param(
        "fr", "bid", "Le PSG propose 30 millions d'euros pour Kai Brennan.", id="fr-bid-2"
    ),
    pytest.param(
        "fr",
        "agreement",
        "Kai Brennan a trouvé un accord avec le PSG jusqu'en 2029.",
        id="fr-agreement-2",
    ),
    pytest.param(
        "fr", "renewal", "Kai Brennan a prolongé son contrat avec Brentford.", id="fr-renewal-1"
    ),
    pytest.param("fr", "loan", "Kai Brennan est prêté au PSG pour une saison.", id="fr-loan-1"),
    pytest.param(
        "fr",
        "agreement",
        "Brentford a accepté l'offre du PSG pour Kai Brennan.",
        id="fr-agreement-3",
    ),
]


@pytest.mark.parametrize(("lang", "kind", "text"), ROWS)
def test_phrasing(lang: str, kind: str, text: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    got = {c.kind.value if c.polarity else "-" + c.kind.value for c in claims}
    assert kind in got


# Figures and windows as each language writes them: (lang, kind, EUR millions or None, window key
# or None, sentence). Published 2025-06-10, so "this summer" is summer-2025.
FIGURE_ROWS = [
    pytest.param(
        "en", "bid", 45, None, "Arsenal have made a €45m bid for Kai Brennan.", id="en-bid-1"
    ),
    pytest.param(
        "en", "fee", 50, None, "Brentford value Kai Brennan at around £43m.", id="en-fee-1"
    ),
    pytest.param(
        "en",
        "bid",
        40,
        "summer-2025",
        "Arsenal will bid €40m for Kai Brennan this summer.",
        id="en-bid-2",
    ),
    pytest.param(
        "en",
        "interest",
        None,
        "january-2026",
        "Arsenal are monitoring Kai Brennan ahead of a January move.",
        id="en-interest-1",
    ),
    pytest.param(
        "es",
        "bid",
        30,
        None,
        "El Sevilla ofrece 30 millones de euros por Kai Brennan.",
        id="es-bid-1",
    ),
    pytest.param(
        "es", "fee", 40, None, "El Brentford pide 40 millones por Kai Brennan.", id="es-fee-1"
    ),
    pytest.param(
        "es", "bid", 25, None, "El Sevilla ha ofrecido 25 kilos por Kai Brennan.", id="es-bid-2"
    ),
    pytest.param(
        "es",
        "interest",
        None,
        "summer-2025",
        "El Sevilla quiere fichar a Kai Brennan este verano.",
        id="es-interest-1",
    ),
    pytest.param(
        "it",
        "bid",
        20,
        None,
        "Il Milan ha offerto 20 milioni di euro per Kai Brennan.",
        id="it-bid-1",
    ),
    pytest.param(
        "it", "fee", 35, None, "Il Brentford chiede 35 milioni per Kai Brennan.", id="it-fee-1"
    ),
    pytest.param(
        "it",
        "interest",
        None,
        "january-2026",
        "Il Milan pensa a Kai Brennan per gennaio.",
        id="it-interest-1",
    ),
    pytest.param(
        "de", "bid", 40, None, "Der FC Bayern bietet 40 Mio. Euro für Kai Brennan.", id="de-bid-1"
    ),
    pytest.param(
        "de",
        "fee",
        50,
        None,
        "Brentford fordert 50 Millionen Euro Ablöse für Kai Brennan.",
        id="de-fee-1",
    ),
    pytest.param(
        "de",
        "interest",
        None,
        "summer-2025",
        "Der FC Bayern will Kai Brennan im Sommer holen.",
        id="de-interest-1",
    ),
    pytest.param(
        "pt",
        "bid",
        20,
        None,
        "O Benfica ofereceu 20 milhões de euros por Kai Brennan.",
        id="pt-bid-1",
    ),
    pytest.param(
        "pt",
        "fee",
        30,
        None,
        "O Brentford pede 30 milhões de euros por Kai Brennan.",
        id="pt-fee-1",
    ),
    pytest.param(
        "pt",
        "interest",
        None,
        "summer-2025",
        "O Sporting quer contratar Kai Brennan neste verão.",
        id="pt-interest-1",
    ),
    pytest.param(
        "fr",
        "bid",
        30,
        None,
        "Le PSG a formulé une offre de 30 M€ pour Kai Brennan.",
        id="fr-bid-1",
    ),
    pytest.param(
        "fr",
        "fee",
        40,
        None,
        "Brentford réclame 40 millions d'euros pour Kai Brennan.",
        id="fr-fee-1",
    ),
    pytest.param(
        "fr",
        "interest",
        None,
        "summer-2025",
        "Le PSG veut recruter Kai Brennan cet été.",
        id="fr-interest-1",
    ),
    pytest.param(
        "en",
        "personal_terms",
        5.8,
        None,
        "Kai Brennan will earn £100,000 a week at Arsenal.",
        id="en-personal_terms-1",
    ),
    pytest.param(
        "es",
        "personal_terms",
        6,
        None,
        "Kai Brennan cobrará 6 millones netos por temporada en el Sevilla.",
        id="es-personal_terms-1",
    ),
    pytest.param(
        "de",
        "personal_terms",
        8,
        None,
        "Kai Brennan soll beim FC Bayern 8 Millionen Euro pro Jahr verdienen.",
        id="de-personal_terms-1",
    ),
    pytest.param(
        "it",
        "release_clause",
        60,
        None,
        "Kai Brennan ha una clausola rescissoria da 60 milioni.",
        id="it-release_clause-1",
    ),
    pytest.param(
        "fr",
        "release_clause",
        80,
        None,
        "Kai Brennan dispose d'une clause libératoire de 80 millions d'euros.",
        id="fr-release_clause-1",
    ),
    pytest.param(
        "pt",
        "release_clause",
        100,
        None,
        "Kai Brennan tem uma cláusula de rescisão de 100 milhões de euros.",
        id="pt-release_clause-1",
    ),
]


@pytest.mark.parametrize(("lang", "kind", "millions", "window", "text"), FIGURE_ROWS)
def test_figure_and_window_phrasing(
    lang: str, kind: str, millions: float | None, window: str | None, text: str
) -> None:
    published = datetime(2025, 6, 10, 9, tzinfo=UTC)
    claims = extract_claims(replace(article(text, lang=lang), published=published), GAZETTEER)
    matching = [
        c
        for c in claims
        if c.kind.value == kind
        and (
            millions is None
            or (c.fee is not None and abs(c.fee.eur_mid / 1e6 - millions) <= 0.1 * millions)
        )
        and (window is None or (c.window is not None and c.window.key == window))
    ]
    assert matching, [(c.kind.value, c.fee, c.window) for c in claims]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        pytest.param("pt", "Kai Brennan quer sair do Brentford.", id="pt-quer-sair"),
        pytest.param("pt", "O Brentford quer manter Kai Brennan.", id="pt-quer-manter"),
        pytest.param("pt", "Kai Brennan quer a família por perto.", id="pt-quer-a-familia"),
        pytest.param("it", "Il Brentford vuole trattenere Kai Brennan.", id="it-vuole-trattenere"),
        pytest.param("it", "Kai Brennan vuole restare al Brentford.", id="it-vuole-restare"),
    ],
)
def test_wanting_something_else_is_no_interest(lang: str, text: str) -> None:
    claims = extract_claims(article(text, lang=lang), GAZETTEER)
    assert "interest" not in {c.kind.value for c in claims}
