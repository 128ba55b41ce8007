"""Lesson 7: the classifier's pieces, then the whole experiment on the learner's own chain."""

import math
import time

import numpy as np
import pytest

from hypothesis import strategies as st

from digits import load_digits

from . import exam
from .compare import call, expect_array, scalar_result
from .course import LESSONS, find_lesson
from .failure import CheckFailure, describe_type
from .remote import LearnerRaised, unwritten
from .mistakes import for_output
from .strategies import labels, networks
from .reference import given, mistakes as reference_mistakes, mode as reference_mode, module as reference_module, stored

ref_forward = reference_module("lesson02_forward")
ref_backward = reference_module("lesson04_backward")
ref_update = reference_module("lesson05_update")
reference = reference_module("lesson07_classifier")
mistakes = reference_mistakes()
metrics = reference_module("lesson07_classifier", own_when_missing=True)  # see test_run_reports_consistent_metrics
LESSON = find_lesson("7")
TARGET_ACCURACY = 0.97


def _images(seed, n):
    """n random images labelled 3, 4, 5 and 8 in turn (every class is there), shuffled."""
    rng = exam.rng(seed)  # a dataset of its own
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), rng.permutation(np.resize(np.uint8([3, 4, 5, 8]), n))


@pytest.mark.reference
@pytest.mark.grades("preprocess")
def test_preprocess_matches_reference(learner):
    data = load_digits()
    mixed = np.concatenate([exam.pick(np.flatnonzero(data.labels == digit), 20, digit) for digit in (3, 4, 5)])
    mixed = exam.rng(0).permutation(mixed)  # real 3s, 4s and 5s, shuffled
    cases = [(*_images(0, 12), (4, 5)), (*_images(1, 9), (3, 8)), (data.images[mixed], data.labels[mixed], (4, 5))]
    for images, digit_labels, classes in cases:
        result, the_call = call(learner, "preprocess", images=images, labels=digit_labels, classes=classes)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise CheckFailure("preprocess should return a pair (X, Y)", call=the_call)
        X, Y = result
        expected_X, expected_Y = reference.preprocess(images, digit_labels, classes)
        found = mistakes.preprocess_mistakes(images, digit_labels, classes)
        expect_array("X", X, expected_X, call=the_call, mistakes=for_output(found, "X"))
        expect_array("Y", Y, expected_Y, call=the_call, mistakes=for_output(found, "Y"), first=classes[0],
                     second=classes[1])


@st.composite
def datasets(draw):
    """X whose column j holds j (to trace columns), labels, a test fraction."""
    m = draw(st.integers(5, 40))
    X = np.vstack([np.arange(m, dtype=np.float64), np.arange(m, dtype=np.float64) * 10.0])
    return X, draw(labels(m)), draw(st.sampled_from([0.1, 0.2, 0.25, 0.5, 0.8]))


def _split(learner, X, Y, fraction, seed):
    result, the_call = call(learner, "train_test_split", X=X, Y=Y, test_fraction=fraction, seed=seed)
    if not (isinstance(result, tuple) and len(result) == 4):
        raise CheckFailure("train_test_split should return (X_train, Y_train, X_test, Y_test)", call=the_call)
    return result, the_call


def _expect_partition(X, Y, fraction, split, the_call):
    """`split` (X_train, Y_train, X_test, Y_test) of X, whose column j holds j and 10 j, and Y: the test set
    has round(fraction * m) examples, every example is in exactly one part, whole, with its own label."""
    _, m = X.shape
    X_train, Y_train, X_test, Y_test = split
    for name, value, rows in (("X_train", X_train, 2), ("Y_train", Y_train, 1), ("X_test", X_test, 2),
                              ("Y_test", Y_test, 1)):
        if not isinstance(value, np.ndarray) or value.ndim != 2 or value.shape[0] != rows:
            raise CheckFailure(f"{name} should be an array with {rows} row(s), one column per example, "
                               f"but is {describe_type(value)}", call=the_call)
    n_test = X_test.shape[1]
    if n_test not in (round(fraction * m), math.floor(fraction * m + 0.5)):  # halves may go either way
        raise CheckFailure(f"the test set has {n_test} examples; test_fraction={fraction} of m={m} is "
                           f"{fraction * m:g}, which rounds to {round(fraction * m)}", call=the_call,
                           mistake="int() rounds down: use round(test_fraction * m)"
                           if n_test == math.floor(fraction * m) else None)
    ids = np.concatenate([X_train[0], X_test[0]])
    if X_train.shape[1] + n_test != m or sorted(ids.tolist()) != list(range(m)):
        raise CheckFailure("train and test together should hold every example exactly once", call=the_call)
    if not np.array_equal(X_train[1], X_train[0] * 10) or not np.array_equal(X_test[1], X_test[0] * 10):
        raise CheckFailure("the rows of X were shuffled separately: take whole columns", call=the_call)
    for part, columns, labels_ in (("train", X_train, Y_train), ("test", X_test, Y_test)):
        if labels_.shape[1] != columns.shape[1] or not np.array_equal(labels_[0], Y[0, columns[0].astype(int)]):
            raise CheckFailure(f"the {part} labels no longer belong to their images", call=the_call,
                               mistake="index X and Y with the same permutation")


# The split's value check: any shuffle made from the seed is right, so no reference split is compared;
# what makes a split right is checked here on its values (a partition, shuffled, the same for the same
# seed, another for another seed), and the partition check below counts only once this one passes.
@pytest.mark.reference
@pytest.mark.grades("train_test_split")
def test_split_is_seeded_and_shuffled(learner):
    X = np.vstack([np.arange(50.0), np.arange(50.0) * 10])
    Y = (np.arange(50) % 2).astype(np.float64).reshape(1, -1)
    first, the_call = _split(learner, X, Y, 0.2, exam.seed(0))
    _expect_partition(X, Y, 0.2, first, the_call)
    again, _ = _split(learner, X, Y, 0.2, exam.seed(0))
    other, other_call = _split(learner, X, Y, 0.2, exam.seed(1))
    _expect_partition(X, Y, 0.2, other, other_call)
    if not all(np.array_equal(a, b) for a, b in zip(first, again)):
        raise CheckFailure("two splits with the same seed differ", call=the_call,
                           mistake="np.random.default_rng(seed).permutation(m)")
    test_ids = sorted(first[2][0].tolist())
    if test_ids in (list(range(10)), list(range(40, 50))):
        raise CheckFailure("the test set is the first or last 20% of the data: shuffle before splitting",
                           call=the_call)
    if np.array_equal(first[2], other[2]):
        raise CheckFailure("seeds 0 and 1 give the same test set: the seed is ignored", call=the_call)


@pytest.mark.grades("train_test_split")
@given(datasets())
def test_split_is_a_partition_with_paired_labels(learner, data):
    X, Y, fraction = data
    split, the_call = _split(learner, X, Y, fraction, exam.seed(0))
    _expect_partition(X, Y, fraction, split, the_call)


@pytest.mark.reference
@pytest.mark.grades("predict")
@given(networks())
def test_predict_matches_reference(learner, net):
    A2, cache = ref_forward.forward(net.X, net.params)
    got, the_call = call(learner, "predict", X=net.X, params=net.params)
    if not isinstance(got, np.ndarray):
        raise CheckFailure(f"predict should return an array of shape {A2.shape}, got {describe_type(got)}",
                           call=the_call)
    if got.shape != A2.shape:
        raise CheckFailure(f"predict returned shape {got.shape}, should be {A2.shape} (one row, one column "
                           "per example)", call=the_call)
    clear = np.abs(A2 - 0.5) > 1e-9  # exactly 0.5 may go either way
    expected = reference.predict(net.X, net.params)
    if not np.isin(got, (0, 1)).all():
        raise CheckFailure("predict should return labels 0 and 1", call=the_call, expected=expected, got=got,
                           mistake="these look like probabilities: compare A2 with 0.5")
    if not np.array_equal(got[clear].astype(np.float64), expected[clear]):
        wrong = {"the threshold is applied to Z2 at 0.5: compare A2 (the probability) with 0.5":
                 (cache["Z2"] >= 0.5).astype(np.float64),
                 "the labels are reversed: 1 when A2 >= 0.5": 1.0 - expected}
        named = next((text for text, value in wrong.items() if np.array_equal(got[clear], value[clear])), None)
        raise CheckFailure("predict disagrees with A2 >= 0.5", call=the_call, expected=expected,
                           got=got, mistake=named)


@pytest.mark.grades("predict")
def test_predict_calls_exactly_one_half_class_1(learner):
    """A2 = 0.5 exactly (Z2 = 0) is "at least 0.5": class 1."""
    params = {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}
    X = np.linspace(0, 1, 12).reshape(3, 4)
    got, the_call = call(learner, "predict", X=X, params=params)
    if not (isinstance(got, np.ndarray) and got.shape == (1, 4) and np.all(got == 1)):
        raise CheckFailure("predict should give 1 where A2 is exactly 0.5 (A2 >= 0.5)", call=the_call,
                           expected=np.ones((1, 4)), got=got,
                           mistake="A2 > 0.5 leaves out 0.5 itself: use >=")


@st.composite
def predictions(draw, both_classes=False):
    m = draw(st.integers(1, 12) if not both_classes else st.integers(4, 12))
    y_true = draw(labels(m))
    y_pred = draw(labels(m))
    return y_true, y_pred


@pytest.mark.reference
@pytest.mark.grades("accuracy")
@given(predictions())
def test_accuracy(learner, pair):
    y_true, y_pred = pair
    got, the_call = call(learner, "accuracy", y_true=y_true, y_pred=y_pred)
    value = scalar_result("accuracy", got, call=the_call) if isinstance(got, (np.ndarray, np.floating)) \
        else got
    expected = reference.accuracy(y_true, y_pred)
    if not isinstance(value, float) or not math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-12):
        m = y_true.shape[1]
        mistake = ("this is a percentage: return the fraction in [0, 1]"
                   if isinstance(value, (int, float)) and math.isclose(value, 100 * expected) else
                   "this is the number of correct predictions: divide by m"
                   if isinstance(value, (int, float)) and math.isclose(value, expected * m) else None)
        raise CheckFailure(f"accuracy should be the float {expected!r}, got {value!r}", call=the_call,
                           mistake=mistake)


@pytest.mark.reference
@pytest.mark.grades("confusion_matrix")
@given(predictions())
def test_confusion_matrix(learner, pair):
    y_true, y_pred = pair
    got, the_call = call(learner, "confusion_matrix", y_true=y_true, y_pred=y_pred)
    expected = reference.confusion_matrix(y_true, y_pred)
    if isinstance(got, (list, tuple)):
        got = np.asarray(got)  # [[TN, FP], [FN, TP]] as nested lists is a table of ints too
    if not isinstance(got, np.ndarray) or got.shape != (2, 2):
        raise CheckFailure(f"confusion_matrix should be a (2, 2) array, got {describe_type(got)}", call=the_call)
    if not np.issubdtype(got.dtype, np.integer):
        raise CheckFailure(f"confusion_matrix should hold integer counts, its dtype is {got.dtype}",
                           call=the_call, mistake="np.zeros((2, 2), dtype=int)")
    if not np.array_equal(got, expected):
        raise CheckFailure("confusion_matrix is wrong (rows: true label, columns: predicted label)",
                           call=the_call, expected=expected, got=got,
                           mistake="the matrix is transposed: row = true label, column = predicted"
                           if np.array_equal(got, expected.T) else None)


@pytest.mark.reference
@pytest.mark.grades("precision_recall_f1")
@given(predictions(both_classes=True))
def test_precision_recall_f1(learner, pair):
    y_true, y_pred = pair
    (_, fp), (fn, tp) = reference.confusion_matrix(y_true, y_pred)
    if tp == 0:
        y_true, y_pred = np.hstack([y_true, [[1.0]]]), np.hstack([y_pred, [[1.0]]])  # defined everywhere
    got, the_call = call(learner, "precision_recall_f1", y_true=y_true, y_pred=y_pred)
    expected = reference.precision_recall_f1(y_true, y_pred)
    if not (isinstance(got, (tuple, list)) and len(got) == 3):
        raise CheckFailure("precision_recall_f1 should return three floats (precision, recall, f1)",
                           call=the_call)
    values = [scalar_result(name, value, call=the_call) if not isinstance(value, float) else value
              for name, value in zip(("precision", "recall", "f1"), got)]
    if not np.allclose(values, expected, rtol=1e-12, atol=1e-12):
        p, r, _ = expected
        wrong = {"precision and recall are swapped: precision = TP / (TP + FP)": (r, p, expected[2]),
                 "F1 is the harmonic mean 2PR / (P + R), not (P + R) / 2": (p, r, (p + r) / 2)}
        named = next((text for text, value in wrong.items() if np.allclose(values, value)), None)
        raise CheckFailure("precision_recall_f1 is wrong for class 1", call=the_call,
                           expected=np.array(expected), got=np.array(values), mistake=named)


@pytest.mark.grades("precision_recall_f1")
def test_precision_recall_f1_when_undefined(learner):
    """0.0, not nan and no warning, when a denominator is 0."""
    cases = {"nothing is predicted 1": (np.array([[1.0, 0.0, 1.0]]), np.zeros((1, 3))),
             "no example is 1": (np.zeros((1, 3)), np.array([[1.0, 0.0, 0.0]]))}
    for case, (y_true, y_pred) in cases.items():
        got, the_call = call(learner, "precision_recall_f1", y_true=y_true, y_pred=y_pred)
        expected = reference.precision_recall_f1(y_true, y_pred)
        if not (isinstance(got, (tuple, list)) and len(got) == 3 and np.allclose(got, expected)):
            raise CheckFailure(f"precision_recall_f1 should be {expected} when {case}", call=the_call,
                               mistake="a ratio with a zero denominator is defined as 0.0 here: test the "
                                       "denominator before dividing")


SHAPES = {"W1": (32, 784), "b1": (32, 1), "W2": (1, 32), "b2": (1, 1)}
SEED_RUN = dict(n_h=32, epochs=50, lr=0.01, batch_size=1, seed=0)  # the seed report's configuration
STEPS = 50 * 800  # per-example updates in that run
TRAINING_LIMIT = 120  # seconds: the whole-classifier check's time limit


def _own_chain(upto: str):
    """The learner's own module `upto` with all their lessons before it, or a verdict naming
    the first lesson that is not written yet."""
    for lesson in LESSONS[: find_lesson(upto).number]:
        function = unwritten(lesson)
        if function:
            raise CheckFailure(f"this check runs all your lessons together: fix lesson {lesson.number} "
                               f"first ({function} is not written yet)")
    return upto


def _expect_trained_params(params, the_call):
    """Exactly W1, b1, W2, b2 of a 784-32-1 network, float64."""
    if not isinstance(params, dict) or set(params) != set(SHAPES):
        raise CheckFailure(f"train should return a params dict with exactly the keys W1, b1, W2, b2, got "
                           f"{sorted(params) if isinstance(params, dict) else describe_type(params)}", call=the_call)
    for name, shape in SHAPES.items():
        value = params[name]
        if not isinstance(value, np.ndarray) or value.shape != shape or value.dtype != np.float64 \
                or not np.all(np.isfinite(value)):
            raise CheckFailure(f"train's {name} should be a finite float64 array of shape {shape}, got "
                               f"{describe_type(value)}", call=the_call)


def _too_slow(chain, X, Y):
    """A verdict when 50 epochs of the learner's per-example steps cannot fit the time limit."""
    params = ref_forward.init_params(784, 32, 1, seed=0)
    x, y = X[:, :1], Y[:, :1]
    _, cache = ref_forward.forward(x, params)
    grads = ref_backward.backward(x, y, params, cache)
    steps = [("lesson02_forward", "forward", [x, params]), ("lesson04_backward", "backward", [x, y, params, cache]),
             ("lesson05_update", "update", [params, grads, 0.01])]
    try:
        theirs = chain.time_calls([[module, function, args, {}] for module, function, args in steps])
    except LearnerRaised:
        return None  # their own lessons' checks say what is wrong; the training below will fail too
    estimate = STEPS * sum(theirs)
    if estimate <= 0.75 * TRAINING_LIMIT:
        return None
    ours = _reference_seconds(x, y, params, cache, grads) or [None] * 3
    lines = [f"{function}: {1e3 * mine:.3f} ms per call" + (f" (the reference: {1e3 * reference:.3f} ms)"
                                                            if reference is not None else "")
             for (_, function, _), mine, reference in zip(steps, theirs, ours)]
    slowest = max(range(3), key=lambda i: theirs[i] / max(ours[i], 1e-9) if ours[i] is not None else theirs[i])
    raise CheckFailure(f"your training would take about {estimate:.0f} s for the seed's 50 epochs of 800 "
                       f"steps (limit {TRAINING_LIMIT} s): {steps[slowest][1]} is the one to vectorise",
                       details=lines, mistake=(f"{steps[slowest][1]} is {theirs[slowest] / max(ours[slowest], 1e-9):.0f}"
                                               " times slower than the reference" if ours[slowest] is not None else
                                               f"{steps[slowest][1]} takes {1e3 * theirs[slowest]:.1f} ms a call")
                       + ": replace Python loops over entries with whole-array "
                       "operations (@, np.sum(..., axis=1, keepdims=True), elementwise *)")


def _reference_seconds(x, y, params, cache, grads):
    """The reference's median seconds for forward, backward and update, timed on this machine; None in a
    student release, which has no reference to time (and stores no timing: two builds are the same bytes)."""
    if reference_mode() != "full":
        return None
    return [_median_seconds(ref_forward.forward, [x, params]), _median_seconds(ref_backward.backward, [x, y, params, cache]),
            _median_seconds(ref_update.update, [params, grads, 0.01])]


def _median_seconds(function, args, repeat=5):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(*args)
        runs.append(time.perf_counter() - started)
    return sorted(runs)[repeat // 2]


@pytest.mark.chain
@pytest.mark.time_limit(TRAINING_LIMIT)  # 50 epochs of per-example training: about 5 s for the reference
@pytest.mark.grades("predict")
def test_whole_classifier_reaches_97_percent(learner):
    """Your lessons 1-6 train the seed's configuration: 784-32-1, lr 0.01, 50 epochs, batch size 1.

    The data split is the reference's (seed 0), so the test images are the same for everyone.
    Your train gets the training images and labels only; the grader predicts the test images
    with the reference forward pass on your trained parameters, checks that your predict
    agrees, and counts the accuracy itself.
    """
    trainer = learner.chain(_own_chain("lesson06_train"))
    predictor = learner.chain(_own_chain("lesson07_classifier"))
    data = load_digits()
    X, Y = reference.preprocess(data.images, data.labels, (4, 5))
    X_train, Y_train, X_test, Y_test = reference.train_test_split(X, Y, 0.2, seed=0)
    _too_slow(trainer, X_train, Y_train)
    trained, the_call = call(trainer, "train", X=X_train, Y=Y_train, keywords=SEED_RUN)
    if not (isinstance(trained, tuple) and len(trained) == 2):
        raise CheckFailure("train should return a pair (params, losses)", call=the_call)
    params = trained[0]
    _expect_trained_params(params, the_call)
    probabilities, _ = ref_forward.forward(X_test, params)
    expected = (probabilities >= 0.5).astype(np.float64)
    predicted, predict_call = call(predictor, "predict", X=X_test, params=params)
    clear = np.abs(probabilities - 0.5) > 1e-9
    if not (isinstance(predicted, np.ndarray) and predicted.shape == expected.shape
            and np.array_equal(predicted[clear].astype(np.float64), expected[clear])):
        raise CheckFailure("your predict disagrees with A2 >= 0.5 on your trained network's test predictions",
                           call=predict_call)
    score = float(np.mean(expected == Y_test))
    if score < TARGET_ACCURACY:
        raise CheckFailure(f"your network reaches {score:.1%} test accuracy; the target is {TARGET_ACCURACY:.0%} "
                           "(the seed report: 97.5%)", call=None,
                           details=["all your lessons ran here together: if they all pass their own checks, "
                                    "look at train's settings"])


@pytest.mark.chain
@pytest.mark.grades("predict")
def test_run_reports_consistent_metrics(learner):
    """run(epochs=2) on your chain: the real test images, and every metric what it should be for them."""
    module = learner.chain(_own_chain("lesson07_classifier"))
    result, the_call = call(module, "run", keywords=dict(epochs=2))
    keys = ("accuracy", "confusion_matrix", "precision", "recall", "f1", "losses", "n_train", "n_test",
            "params", "X_test", "Y_test", "Y_pred")
    if not isinstance(result, dict) or any(key not in result for key in keys):
        raise CheckFailure(f"run should return a dict with {', '.join(keys)}", call=the_call)
    data = load_digits()
    X, Y = reference.preprocess(data.images, data.labels, (4, 5))
    X_test, Y_test, Y_pred = (np.asarray(result[key], dtype=np.float64) if isinstance(result[key], np.ndarray)
                              else None for key in ("X_test", "Y_test", "Y_pred"))
    real = {column.tobytes(): label for column, label in zip(X.T, Y[0])}
    if X_test is None or X_test.shape != (784, 200) or Y_test is None or Y_test.shape != (1, 200):
        raise CheckFailure("run's X_test and Y_test should be the 200 test images (784, 200) and labels (1, 200)",
                           call=the_call)
    columns = [column.tobytes() for column in X_test.T]
    if len(set(columns)) != 200 or any(column not in real for column in columns) \
            or [real[column] for column in columns] != Y_test[0].tolist():
        raise CheckFailure("run's X_test and Y_test are not 200 distinct bundled images of 4 and 5 with their "
                           "own labels", call=the_call)
    _expect_trained_params(result["params"], the_call)
    # run's own network and test images: in a student release the store cannot hold these, so there
    # your own (separately checked) lesson 2 forward and metric functions judge them.
    probabilities, _ = ref_forward.forward(X_test, result["params"])
    expected_pred = np.where(probabilities >= 0.5, 1.0, 0.0)
    expected = {"Y_pred": expected_pred, "confusion_matrix": metrics.confusion_matrix(Y_test, expected_pred),
                "accuracy": metrics.accuracy(Y_test, expected_pred)}
    expected.update(zip(("precision", "recall", "f1"), metrics.precision_recall_f1(Y_test, expected_pred)))
    checks = {
        "n_train + n_test is the 1,000 images of 4 and 5": result["n_train"] == 800 and result["n_test"] == 200,
        "one loss per epoch": isinstance(result["losses"], list) and len(result["losses"]) == 2,
    }
    for key, value in expected.items():
        got = result[key]
        checks[f"{key} is what the grader computes from the returned parameters and test images"] = (
            isinstance(got, (np.ndarray, float, int, np.number)) and np.shape(got) == np.shape(value)
            and bool(np.allclose(np.asarray(got, dtype=np.float64), value, rtol=1e-9, atol=1e-12)))
    broken = [text for text, holds in checks.items() if not holds]
    if broken:
        raise CheckFailure(f"run's results are inconsistent: {broken[0]}", call=the_call,
                           details=[f"confusion matrix {np.asarray(result['confusion_matrix']).tolist()}, accuracy "
                                    f"{result['accuracy']!r}, precision {result['precision']!r}, "
                                    f"recall {result['recall']!r}"])
