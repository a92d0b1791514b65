from assistant.text.repair import repair_line, repair_text


def test_misread_ai_is_repaired_as_a_word_only():
    assert repair_line("Al is key; Al+ and Al-based tools") == "AI is key; AI+ and AI-based tools"
    assert repair_line("Also Alberta and Allied") == "Also Alberta and Allied"


def test_escaped_dollar_and_emphasis():
    assert repair_line(r"the \$10 billion **Industries**") == "the $10 billion Industries"


def test_stray_bullet_glyphs_become_one_list_marker():
    assert repair_line("- · Establish the institute") == "- Establish the institute"
    assert repair_line("• The HA will set up") == "- The HA will set up"
    assert repair_line("·Promote") == "- Promote"


def test_blank_lines_survive():
    assert repair_text("a\n\nb") == "a\n\nb"
