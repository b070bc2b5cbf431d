//! Strings of the class-list import: the preview, the summary and the errors.

use crate::domain::Field;
use crate::i18n::{Lang, domain as dom};
use crate::import::Column;
use crate::strings;

strings!(I {
    Preview => "Xem trước, chưa lưu gì.", "Preview, nothing saved yet.";
    Done => "Đã nhập danh sách lớp.", "Class list imported.";
    Sheet => "Trang tính: {0}", "Sheet: {0}";
    HeaderLine => "Dòng tiêu đề: {0}", "Header on line {0}";
    HeaderRow => "Dòng tiêu đề: {0}", "Header on row {0}";
    Columns => "Các cột đọc được: {0}", "Columns read: {0}";
    ToImport => "Sẽ nhập: {0} học sinh", "To import: {0}";
    Imported => "Đã nhập: {0} học sinh", "Imported: {0}";
    AlreadyPresent => "Đã có trong sổ: {0}", "Already in the notebook: {0}";
    Skipped => "Dòng bị bỏ qua: {0}", "Rows skipped: {0}";
    Line => "Dòng {0}", "Line {0}";
    Row => "Dòng {0}", "Row {0}";
    DuplicateLine => "trùng với dòng {0}", "same pupil as line {0}";
    DuplicateRow => "trùng với dòng {0}", "same pupil as row {0}";
    ValueWas => "(trong tệp: “{0}”)", "(file has “{0}”)";
    FirstRows => "Những dòng đầu, như sẽ được đọc:", "The first rows, as they will be read:";
    AgeCheck => "Ngày sinh cần kiểm tra (vẫn được nhập): {0}", "Birth dates to check (imported all the same): {0}";
    AgeAt => "{0} tuổi vào đầu năm học {1}: có thể gõ nhầm", "{0} at the start of the {1} school year: perhaps a typo";
    OtherClass => "học sinh lớp {0}, không phải lớp {1} của sổ tay", "a pupil of class {0}, not this notebook's class {1}";

    COrdinal => "Số thứ tự", "Row number";
    CFamilyMiddle => "Họ và tên đệm", "Family and middle names";
    CGiven => "Tên", "Given name";
    CBirthDay => "Ngày sinh (ngày)", "Date of birth (day)";
    CBirthMonth => "Ngày sinh (tháng)", "Date of birth (month)";
    CBirthYear => "Ngày sinh (năm)", "Date of birth (year)";
    CFemaleMark => "Giới tính (đánh dấu nữ)", "Sex (female marked)";
    CMaleMark => "Giới tính (đánh dấu nam)", "Sex (male marked)";

    NotFound => "Không tìm thấy tệp {0}", "File not found: {0}";
    Io => "Không đọc được tệp {0}: {1}", "Cannot read {0}: {1}";
    NotUtf8 => "Tệp {0} không phải văn bản UTF-8: hãy mở bằng Excel rồi lưu lại dạng “CSV UTF-8 (Comma delimited)”", "{0} is not UTF-8 text: open it in Excel and save it as “CSV UTF-8 (Comma delimited)”";
    WebPage => "Tệp {0} là trang web hoặc XML mang tên tệp Excel: hãy mở bằng Excel rồi lưu lại dạng .xlsx", "{0} is a web page or XML file with an Excel name: open it in Excel and save it as .xlsx";
    UnknownFormat => "Không đọc được tệp {0}: hãy dùng tệp CSV, XLSX hoặc XLS", "Cannot read {0}: use a CSV, XLSX or XLS file";
    OpenDocument => "Sổ tay không đọc tệp OpenDocument (LibreOffice, .ods) như {0}: hãy mở tệp bằng LibreOffice Calc hoặc Excel, lưu lại dạng Excel (.xlsx) rồi nhập tệp .xlsx đó", "sotay does not read OpenDocument files (LibreOffice, .ods) such as {0}: open it in LibreOffice Calc or Excel, save it as Excel (.xlsx) and import that file";
    Workbook => "Không mở được bảng tính {0} (tệp hỏng hoặc có mật khẩu?): {1}", "Cannot open the spreadsheet {0} (damaged or password-protected?): {1}";
    DamagedReaderSaid => "trình đọc bảng tính báo: “{0}”", "the spreadsheet reader said: “{0}”";
    DamagedRecord => "bản ghi {0} bị hỏng", "a {0} record is malformed";
    DamagedStructure => "cấu trúc tệp bị hỏng", "the file's structure is damaged";
    DamagedNoWorkbook => "trong tệp không có bảng tính nào", "there is no workbook inside it";
    DamagedRepeatedCells => "các ô được ghi lặp đi lặp lại", "its cells are written over and over";
    DamagedOverlappingSheets => "các trang tính chồng lên nhau", "its sheets overlap";
    DamagedStopped => "trình đọc bảng tính dừng lại ở một phần bị hỏng", "the spreadsheet reader stopped on a damaged part";
    TooLarge => "Tệp {0} quá lớn cho một danh sách lớp ({1} MB): hãy kiểm tra có đúng tệp danh sách không", "{0} is too large for a class list ({1} MB): check that it is the right file";
    InFile => "Tệp {0}", "{0}";
    InSheet => "Trang tính “{1}” của tệp {0}", "Sheet “{1}” of {0}";
    TooManyRows => "{0} có {1} dòng, quá nhiều cho một danh sách lớp (tối đa {2} học sinh): hãy tách theo lớp rồi nhập từng lớp", "{0} has {1} rows, too many for a class list (at most {2} pupils): split it by class and import one class at a time";
    MoreRowsThan => "{0} có hơn {1} dòng, quá nhiều cho một danh sách lớp (tối đa {2} học sinh): hãy tách theo lớp rồi nhập từng lớp", "{0} has more than {1} rows, too many for a class list (at most {2} pupils): split it by class and import one class at a time";
    CellTooFar => "{0} có dữ liệu ở ô {1}, xa hơn {2} cột của một danh sách lớp: hãy xoá ô đó (hoặc chép danh sách sang trang tính mới) rồi nhập lại", "{0} has something in cell {1}, beyond the {2} columns a class list can have: delete that cell (or copy the list to a new sheet) and import again";
    SheetTooBig => "{0} có dữ liệu trải trên vùng {1}, rộng hơn một danh sách lớp: hãy xoá những gì nằm ngoài danh sách (hoặc lưu tệp dạng .xlsx) rồi nhập lại", "{0} spans {1}, more than a class list holds: delete what lies outside the list (or save the file as .xlsx) and import again";
    SheetTooMuchText => "{0} chứa nhiều chữ hơn một danh sách lớp có thể có: hãy kiểm tra có đúng tệp danh sách không", "{0} holds more text than a class list could: check that it is the right file";
    WorkbookTooBig => "{1} trang tính của tệp {0} cộng lại có nhiều ô hơn một danh sách lớp: hãy chép danh sách lớp sang một tệp mới (hoặc lưu tệp dạng .xlsx) rồi nhập lại", "The {1} sheets of {0} hold more cells together than a class list: copy the class list to a new workbook (or save the file as .xlsx) and import again";
    Empty => "Tệp {0} không có dữ liệu", "{0} holds no data";
    NoName => "Không tìm thấy cột họ tên học sinh. Các cột có trong tệp: {0}. Cần có cột {1}", "No column of pupils' names. Columns in the file: {0}. Looking for a column {1}";
    NameWanted => "“Họ và tên”, “Họ tên”, “Họ tên học sinh”, “Họ và tên học sinh” hoặc “Tên học sinh”, hoặc hai cột “Họ và tên đệm” (“Họ đệm”) và “Tên”", "“Họ và tên”, “Họ tên”, “Họ tên học sinh”, “Họ và tên học sinh”, “Tên học sinh” or “Full name”, or the two columns “Họ và tên đệm” (“Họ đệm”) and “Tên”";
    NoBirth => "Không tìm thấy cột ngày sinh. Các cột có trong tệp: {0}. Cần có cột {1}", "No column of birth dates. Columns in the file: {0}. Looking for a column {1}";
    BirthWanted => "“Ngày sinh” hoặc “Ngày tháng năm sinh”, hoặc ba cột Ngày, Tháng, Năm dưới “Ngày sinh”", "“Ngày sinh”, “Ngày tháng năm sinh” or “Date of birth”, or the three columns Ngày, Tháng, Năm under “Ngày sinh”";
    NoColumns => "(không có)", "(none)";
});

/// What a recognised column holds, in the user's language.
pub fn column(lang: Lang, c: Column) -> &'static str {
    let field = |f| dom::field(lang, f);
    match c {
        Column::Ordinal => I::COrdinal.get(lang),
        Column::Code => field(Field::StudentCode),
        Column::Name => field(Field::Name),
        Column::FamilyMiddle => I::CFamilyMiddle.get(lang),
        Column::GivenName => I::CGiven.get(lang),
        Column::BirthDate => field(Field::BirthDate),
        Column::BirthDay => I::CBirthDay.get(lang),
        Column::BirthMonth => I::CBirthMonth.get(lang),
        Column::BirthYear => I::CBirthYear.get(lang),
        Column::Sex => field(Field::Sex),
        Column::FemaleMark => I::CFemaleMark.get(lang),
        Column::MaleMark => I::CMaleMark.get(lang),
        Column::Ethnicity => field(Field::Ethnicity),
        Column::Address => field(Field::Address),
        Column::Guardian => field(Field::Guardian),
        Column::Phone => field(Field::Phone),
        Column::Notes => field(Field::Notes),
        Column::Class => field(Field::Class),
    }
}
