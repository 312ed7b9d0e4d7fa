from matcher.text import normalise_terms, surface_words


def test_inflections_share_a_stem() -> None:
    assert set(normalise_terms("kunde")) & set(normalise_terms("kunder"))


def test_stop_words_and_generic_work_words_are_dropped() -> None:
    assert normalise_terms("og i på arbejde med opgaver") == ()


def test_compounds_also_yield_their_known_parts() -> None:
    assert set(normalise_terms("rengøring")) <= set(normalise_terms("Rengøringsassistent"))
    assert set(normalise_terms("sortering")) <= set(normalise_terms("affaldssortering"))


def test_case_and_old_spelling_are_folded() -> None:
    assert normalise_terms("GAARDMAND") == normalise_terms("gårdmand")


def test_surface_words_show_the_words_as_written() -> None:
    stems = set(normalise_terms("kunder"))
    assert surface_words(["Kundeservice og kasse"], stems) == ["kundeservice"]
