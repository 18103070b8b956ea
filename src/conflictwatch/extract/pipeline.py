"""The order of the components, and `extract`, the one call that turns an article into records.

Components run in order over one `Document`; each reads what the earlier ones annotated. They are
looked up by name, so a user can swap one (say a trained typer) with `Pipeline.replace`:

    sentences -> dates -> places -> actors -> casualties -> sources -> incidents

Everything heavy (gazetteer, catalogues, compiled patterns) is loaded once per process by
`get_pipeline()`, so a run over tens of thousands of articles pays for it once.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from functools import lru_cache

from conflictwatch.document import Article, Document
from conflictwatch.record import EventRecord

Component = Callable[[Document], Document]


class Pipeline:
    """An ordered list of named components; calling it on an article returns its incident records."""

    def __init__(self, components: list[Component]) -> None:
        self.components = list(components)

    @property
    def names(self) -> list[str]:
        return [getattr(c, "name", type(c).__name__) for c in self.components]

    def replace(self, name: str, component: Component) -> None:
        self.components[self.names.index(name)] = component

    def annotate(self, article: Article) -> Document:
        doc = Document(article=article, text=article.text)
        for component in self.components:
            doc = component(doc)
        return doc

    def __call__(self, article: Article) -> list[EventRecord]:
        return list(self.annotate(article).incidents)


def build_default() -> Pipeline:
    from conflictwatch.extract.actors import ActorTagger
    from conflictwatch.extract.casualties import CasualtyTagger
    from conflictwatch.extract.dates import DateTagger
    from conflictwatch.extract.event_types import code_incident
    from conflictwatch.extract.incidents import IncidentBuilder
    from conflictwatch.extract.places import PlaceTagger
    from conflictwatch.extract.sentences import SentenceSplitter
    from conflictwatch.extract.sources import SourceTagger

    places = PlaceTagger()
    return Pipeline([
        SentenceSplitter(), DateTagger(), places, ActorTagger(), CasualtyTagger(), SourceTagger(),
        IncidentBuilder(places=places, coder=code_incident),
    ])


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """The default pipeline, built once per process.

    Its tables (gazetteer, catalogues, automatons) live as long as the process: they are moved out
    of the garbage collector's sight (`gc.freeze`), or every full collection would walk them again
    (~80 ms each, a tenth of a millisecond per article over a run). One short article is coded first
    so that the tables components load on first use are frozen too. Coding allocates many short-lived,
    acyclic objects (spans, matches) that reference counting frees: the collector's thresholds are
    raised (never lowered) so that it runs less often; that alone saved ~6% of the time per article.
    """
    pipeline = build_default()
    pipeline.annotate(Article(id="warm-up", text=_WARM_UP, published=dt.date(2020, 1, 6)))  # loads the lazy tables
    gc.collect()
    gc.freeze()
    gc.set_threshold(*(max(now, raised) for now, raised in zip(gc.get_threshold(), _GC_THRESHOLDS, strict=True)))
    return pipeline


_GC_THRESHOLDS = (20_000, 50, 1_000)  # CPython's defaults are (700, 10, 10)


_WARM_UP = ("Gunmen killed three soldiers and wounded two civilians in an attack near Gao, Mali, on Saturday, "
            "the army said.")


def extract(
    text: str | Article,
    *,
    published: dt.date | str | None = None,
    outlet: str | None = None,
    article_id: str = "article",
    title: str | None = None,
    url: str | None = None,
) -> list[EventRecord]:
    """Code the incidents in one article (text or `Article`): the Python entry point for notebooks."""
    if isinstance(text, Article):
        article = text
    else:
        from conflictwatch.ingest.readers import read_text

        day = dt.date.fromisoformat(published) if isinstance(published, str) else published
        article = read_text(text, article_id=article_id, published=day, outlet=outlet, title=title, url=url)
    return get_pipeline()(article)
