"""The statistical half of the danger check: labelled messages, a concept lexicon, a linear model and a small network.

Modules: danger_data (messages, lexicon, helplines), danger_features, danger_model (training and
thresholds), danger_network, danger_eval (measures and the release bars); this one gathers what others import.

People in danger rarely use the listed terms (crisis.yaml): "хочу чтобы всё закончилось", "мен жок
болсом эч ким байкабайт", "face drooping, can't speak". This module learns from `danger/*.tsv`
(labelled messages in every language, see danger/README.md) to recognise such messages.

How a message is read. Its folded words (knowledge/folding.py) give two groups of features:
  - concepts from danger/lexicon.yaml ("hang", "not-breathing", "passport", "locked-in", "abuser",
    ...), each alone and in pairs ("beat+abuser"). The lexicon maps every language to the same
    concepts with stems (`*`) for the inflected and agglutinative forms, so what the Russian
    examples teach also works in Kyrgyz, and a word the labelled messages never used still counts
    when the lexicon lists it. A concept word counts only when the message can be in its language
    (guessed from its letters and words; Russian words also count in Uzbek, Tajik and Kyrgyz
    messages), since after folding a word of one language is often an everyday word of another;
  - the words themselves and their first 4 and 5 letters, for what the lexicon does not list;
  - letter n-grams of each word (3 to 5 letters, with the word's edges) and pairs of neighbouring
    words, hashed into a fixed number of columns: typos, endings and compounds no list foresees.
Features are binary: a concept or a pair counts CONCEPT_WEIGHT, a word feature WORDS_WEIGHT, a piece
PIECES_WEIGHT (a concept weighs as much as a word, and its pairs add to it; the words and pieces catch
what the lexicon does not list, and keep one concept word from deciding a message alone).

The model is one logistic regression per category (numpy, full-batch Adam, stopped early: a model
fitted further learns the wording of its messages and does worse on new wording). A category
learns from its own dangerous messages and from the harmless ones, not from the dangerous messages
of other categories (a threat in a trafficking message is no evidence against violence). Its score
is averaged with a small network's (danger_network: one hidden layer on the words, concepts and
the rare letter pieces the regression weighs most, trained the same way), which weighs words
together ("husband" with "hits"). Its thresholds are set by 5-fold cross-validation on the train
split, with translations of one situation kept in one fold (`translation_groups`): for each
category, the lowest score at which the out-of-fold false alarms (harmless situations that the
terms let through but the model would flag, a look-alike and its translations counting once) stay
within OUT_OF_FOLD_FALSE_ALARMS. The test split is never used for training or for the thresholds:
`evaluate` measures it; `kb check` warns below issue 13's TARGET and fails below FLOOR.
"""

from knowledge.danger_data import (
    CATEGORIES,
    LANGUAGE_FILES,
    Example,
    Helpline,
    load_examples,
    load_helplines,
    load_lexicon,
    message_tokens,
    script_variant,
)
from knowledge.danger_eval import FLOOR, TARGET, Bar, Evaluation, Tally, evaluate
from knowledge.danger_features import Features, Featurizer, SparseRows
from knowledge.danger_model import (
    OUT_OF_FOLD_FALSE_ALARMS,
    DangerModel,
    choose_threshold,
    fit_logistic,
    target_matrix,
    train_model,
)

__all__ = [
    "CATEGORIES",
    "FLOOR",
    "LANGUAGE_FILES",
    "OUT_OF_FOLD_FALSE_ALARMS",
    "TARGET",
    "Bar",
    "DangerModel",
    "Evaluation",
    "Example",
    "Features",
    "Featurizer",
    "Helpline",
    "SparseRows",
    "Tally",
    "choose_threshold",
    "evaluate",
    "fit_logistic",
    "load_examples",
    "load_helplines",
    "load_lexicon",
    "message_tokens",
    "script_variant",
    "target_matrix",
    "train_model",
]
