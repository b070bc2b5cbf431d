//! Warnings about keymap files. Each says what is wrong and what happens next, since the
//! program carries on: the reader is a teacher who edited a file, not a programmer.

use crate::strings;

strings!(K {
    Syntax => "lỗi cú pháp TOML: {0}; bỏ qua cả tệp, vẫn dùng phím mặc định", "TOML syntax error: {0}; the whole file is ignored, the default keys stay";
    NotFound => "không có tệp này; các bộ phím có sẵn: {0}", "no such file; the shipped keymaps are: {0}";
    ReadFailed => "không đọc được tệp: {0}; vẫn dùng phím mặc định", "cannot read the file: {0}; the default keys stay";
    TooLarge => "tệp lớn hơn {0} kB, quá lớn cho một bộ phím; bỏ qua cả tệp, vẫn dùng phím mặc định", "the file is larger than {0} kB, too large for a keymap; the whole file is ignored, the default keys stay";
    QuitKept => "tệp không để lại phím nào để thoát khỏi sotay trong {0}; {1} vẫn thoát được ở đó", "the file leaves no key to quit sotay in {0}; {1} quits there again";
    NotUtf8 => "tệp không ở bảng mã UTF-8; hãy lưu lại với bảng mã UTF-8; vẫn dùng phím mặc định", "the file is not UTF-8; save it again as UTF-8; the default keys stay";
    UnknownContext => "không có ngữ cảnh [[{0}]] (có: {1}); bỏ qua phần này", "unknown context [[{0}]] (known: {1}); section ignored";
    SectionNotList => "{0} phải gồm các mục [[{0}]]; bỏ qua phần này", "{0} must be a list of [[{0}]] entries; section ignored";
    EntryNotTable => "mỗi mục trong [[{0}]] phải là một bảng có on và run; bỏ qua mục này", "each entry of [[{0}]] must be a table with on and run; entry ignored";
    UnknownField => "không có trường `{0}` (có: on, run, desc_vi, desc_en); bỏ qua trường này", "unknown field `{0}` (known: on, run, desc_vi, desc_en); field ignored";
    MissingOn => "mục thiếu `on` (các phím); bỏ qua mục này", "entry has no `on` (its keys); entry ignored";
    MissingRun => "mục thiếu `run` (lệnh); bỏ qua mục này", "entry has no `run` (its action); entry ignored";
    OnNotList => "`on` phải là danh sách phím, ví dụ on = [\"F2\"]; bỏ qua mục này", "`on` must be a list of keys, e.g. on = [\"F2\"]; entry ignored";
    KeyNotText => "mỗi phím trong `on` phải là một chuỗi, ví dụ \"Ctrl+F\"; bỏ qua phím này", "each key in `on` must be a string, e.g. \"Ctrl+F\"; key ignored";
    RunNotText => "`run` phải là tên một lệnh, ví dụ run = \"down\"; bỏ qua mục này", "`run` must be an action name, e.g. run = \"down\"; entry ignored";
    UnknownAction => "không có lệnh `{0}`{1}; bỏ qua mục này", "unknown action `{0}`{1}; entry ignored";
    DidYouMean => " (có phải `{0}`?)", " (did you mean `{0}`?)";
    DescNotText => "`{0}` phải là một chuỗi văn bản; bỏ qua mục này", "`{0}` must be text; entry ignored";
    MissingDesc => "thiếu mô tả `{0}` (cần cả desc_vi và desc_en); bỏ qua mục này", "missing description `{0}` (both desc_vi and desc_en are needed); entry ignored";
    MissingDescs => "thiếu desc_vi và desc_en, mà lệnh `{0}` không có mô tả mặc định; bỏ qua mục này", "missing desc_vi and desc_en, and `{0}` has no default description; entry ignored";
    UnknownKey => "không hiểu tên phím \"{0}\" (ví dụ đúng: \"Enter\", \"F2\", \"Ctrl+F\", \"j\"); bỏ qua phím này", "unknown key name \"{0}\" (valid examples: \"Enter\", \"F2\", \"Ctrl+F\", \"j\"); key ignored";
    DuplicateKey => "phím {0} bị gán hai lần trong [[{1}]]: cho `{2}` ở dòng {3} và cho `{4}` ở dòng {5}; giữ `{2}`, bỏ qua phím này ở dòng {5}", "key {0} is bound twice in [[{1}]]: to `{2}` on line {3} and to `{4}` on line {5}; `{2}` keeps it, ignored on line {5}";
    PrintableInText => "phím {0} dùng để gõ chữ nên không gán được trong [[{1}]]; hãy dùng phím chức năng (F1–F12) hoặc Ctrl+…; bỏ qua phím này", "key {0} types a character, so it cannot be bound in [[{1}]] where text is typed; use a function key or Ctrl+…; key ignored";
});
