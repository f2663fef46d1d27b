"""display: text from documents and endpoints made inert for terminals and for Rich markup."""

import pytest
from rich.console import Console
from rich.markup import render

from extractor.display import for_terminal, inert, markup_safe, shown_path


@pytest.mark.parametrize("planted, shown", [
    ("\x1b]0;pwned\x07公共安全", "公共安全"),            # OSC window title ended by BEL
    ("\x1b]52;c;cHduZWQ=\x1b\\住房", "住房"),             # OSC 52 clipboard write ended by ST
    ("支出\x1b[2J\x1b[31m合计", "支出合计"),               # CSI: clear screen, colour
    ("\x9b2J\x9d0;t\x9c卫生", "卫生"),                     # the same as C1 controls
    ("\x1b]0;no end\n下一行", "\n下一行"),                 # an unterminated OSC ends at the line
    ("a\x00b\x08c\x7fd\x1b", "abcd"),                     # lone controls, DEL, a bare ESC
    ("一\r\n二\r三\t四", "一\n二\n三\t四"),
    ("[@click=app.reject]公共安全[/]", "[@click=app.reject]公共安全[/]"),  # markup is not a terminal's business
])
def test_for_terminal_strips_sequences_with_their_payload(planted, shown):
    assert for_terminal(planted) == shown


def test_one_line_for_list_rows():
    assert for_terminal("住房\t保障\n支出\r\n合计", multiline=False) == "住房 保障 支出 合计"


@pytest.mark.parametrize("planted", ["[@click=app.reject]公共安全[/]", "住房[/]保障", "[bold]x", "\\[/]"])
def test_markup_safe_renders_to_the_printed_text(planted):
    assert render(markup_safe(planted)).plain == planted
    assert inert(planted).plain == planted and not inert(planted).spans


def test_inert_text_prints_without_escape_sequences():
    console = Console(file=None, force_terminal=True, color_system=None, width=80)
    with console.capture() as captured:
        console.print(inert("\x1b]0;pwned\x07普法宣传\x1b[2J", style="red"))
    assert captured.get() == "普法宣传\n"


@pytest.mark.parametrize("name, shown", [
    ("普法宣传 2021.txt", "普法宣传 2021.txt"),
    ("a\x1b[31mb.txt", "a\\x1b[31mb.txt"),
    ("x\x9b2J\ty\n.pdf", "x\\x9b2J\\ty\\n.pdf"),
    ("2024年\u3000预算\xa0公开.txt", "2024年\u3000预算\xa0公开.txt"),  # spaces a terminal prints, full-width too
    ("a\u202eexe.txt\u200b", "a\\u202eexe.txt\\u200b"),  # a direction override and a zero-width space: unseen
])
def test_a_file_name_shows_its_unprintable_characters_as_escapes(name, shown):
    assert shown_path(name) == shown
