//! A fictional class (or a whole fictional school) for trying sotay and for benchmarks.
//! Every name, address and phone number is made up from word lists; none is a real person.
//! So is the case follow-up: visits, supports, cases, awareness sessions and informed
//! marks, told from word lists so that every screen has something to show at once.
//! What the records say (findings, agreements, notes, topics) is in Vietnamese whatever
//! the profile's language: it is what a Vietnamese teacher writes about a Vietnamese class,
//! like the names and addresses. The language picked is the interface's only.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::domain::{
    Audience, Case, CloseReason, Decision, Informed, Profile, RiskFactor, SchoolYear, Screening, Sector, Session, Sex,
    Stage, Student, Support, SupportStatus, SupportType, Visit, assess,
};
use crate::i18n::Lang;
use crate::store::{Store, StoreError};

const FAMILY: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh",
];
const MIDDLE_MALE: &[&str] = &[
    "Văn", "Đức", "Minh", "Quang", "Gia", "Tiến", "Hữu", "Thế", "Bảo", "Công",
];
const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thu", "Hồng", "Ngọc", "Diệu", "Khánh", "Minh", "Bảo", "Thùy", "Mỹ",
];
const GIVEN_MALE: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Lộc", "Nam", "Phúc", "Quân", "Sơn",
    "Tuấn", "Việt",
];
const GIVEN_FEMALE: &[&str] = &[
    "Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Huyền", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Quỳnh", "Thảo",
    "Trang", "Vy", "Yến",
];
const HAMLETS: &[&str] = &[
    "Thôn Đông",
    "Thôn Tây",
    "Thôn Nam",
    "Thôn Bắc",
    "Thôn Trung",
    "Thôn Thượng",
    "Thôn Hạ",
];
const COMMUNES: &[&str] = &[
    "xã An Lạc",
    "xã Hòa Bình",
    "xã Tân Tiến",
    "phường Đồng Tâm",
    "xã Phú Thịnh",
];
const ETHNICITIES: &[&str] = &[
    "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Mường",
];

/// Pupils a class holds in the demo school.
const CLASS_SIZE: usize = 45;

/// The demo teacher's profile, at the school year containing `today`.
pub fn profile(today: NaiveDate, lang: Lang) -> Profile {
    Profile {
        teacher: "Nguyễn Thị Mẫu".into(),
        school: "Trường THCS Thực Hành".into(),
        school_code: "DEMO01".into(),
        commune: "Xã An Lạc".into(),
        province: "Thành phố Hải Phòng".into(),
        class: "8A".into(),
        school_year: SchoolYear::containing(today),
        lang,
        trained_on: None,
    }
}

/// What the demo puts in a store.
pub struct Demo {
    pub profile: Profile,
    pub students: Vec<Student>,
    pub screenings: Vec<Screening>,
    /// One for each identified pupil.
    pub cases: Vec<Case>,
    pub visits: Vec<Visit>,
    pub supports: Vec<Support>,
    pub sessions: Vec<Session>,
    pub informed: Vec<Informed>,
}

/// Makes `n` fictional pupils (one class of up to 45, or a school of classes 6A… for more),
/// screenings for about two thirds of them, and the follow-up of those identified, with
/// awareness sessions in every class. The same seed gives the same people and stories;
/// every date is on or before `today`, but the next visits planned.
pub fn generate(n: usize, seed: u64, today: NaiveDate, lang: Lang) -> Demo {
    let profile = profile(today, lang);
    let mut rng = StdRng::seed_from_u64(seed);
    let year = profile.school_year;
    let mut students = Vec::with_capacity(n);
    let mut screenings = Vec::new();
    for i in 0..n {
        let class = if n <= CLASS_SIZE {
            profile.class.clone()
        } else {
            class_name(i / CLASS_SIZE)
        };
        let student = person(&mut rng, i, &class, grade_of(&class), year);
        if let Some(s) = screening(&mut rng, i, n, &student, today) {
            screenings.push(s);
        }
        students.push(student);
    }
    let mut demo = Demo {
        profile,
        students,
        screenings,
        cases: Vec::new(),
        visits: Vec::new(),
        supports: Vec::new(),
        sessions: Vec::new(),
        informed: Vec::new(),
    };
    // A stream of its own, so the people stay the same whatever the stories draw.
    follow_up(
        &mut demo,
        &mut StdRng::seed_from_u64(seed ^ 0x5eed_f011_0000_0001),
        today,
    );
    demo
}

/// Follow-up records written in one transaction. sled keeps a copy of every node a
/// transaction touches until it ends, and the store writes in parts only records that are
/// all new (see `store::batch`): these also overwrite the cases' earlier stages, so the
/// demo writes them a part at a time itself.
const RECORDS_PER_WRITE: usize = 100;

/// Writes a generated demo into `store`, in parts so a whole school stays within memory.
pub fn fill(store: &Store, demo: &Demo) -> Result<(), StoreError> {
    store.save_profile(&demo.profile)?;
    // All new: the store writes a whole school of them in parts.
    store.save_students(&demo.students)?;
    store.save_screenings(&demo.screenings)?;
    // Each case's earlier stages first, one stage a write, so its timeline shows the moves
    // the workflow made (identified → intervening → …) rather than one jump.
    for step in earlier_stages(demo) {
        for chunk in step.chunks(RECORDS_PER_WRITE) {
            store.save_case_records(chunk, &[], &[], &[], &[])?;
        }
    }
    // The same number of parts of each list, so each write holds some of every kind.
    let total = demo.cases.len() + demo.visits.len() + demo.supports.len() + demo.sessions.len() + demo.informed.len();
    let parts = total.div_ceil(RECORDS_PER_WRITE).max(1);
    for k in 0..parts {
        store.save_case_records(
            part(&demo.cases, k, parts),
            part(&demo.visits, k, parts),
            part(&demo.supports, k, parts),
            part(&demo.sessions, k, parts),
            part(&demo.informed, k, parts),
        )?;
    }
    Ok(())
}

/// The stages each case went through before its last, as the stories tell them: at
/// `Intervening` from the first intervention, then (for a re-opened case) `Closed` on the
/// day of the visit that found the child out of danger. Step `k` holds each case's `k`-th
/// earlier stage.
fn earlier_stages(demo: &Demo) -> Vec<Vec<Case>> {
    let mut steps: Vec<Vec<Case>> = vec![Vec::new(), Vec::new()];
    for c in &demo.cases {
        let Some(first) = c.first_intervention_on else {
            continue;
        };
        let reopened = c.stage == Stage::Identified && c.opened_on > c.identified_on;
        if matches!(c.stage, Stage::Intervening) || (c.stage == Stage::Identified && !reopened) {
            continue;
        }
        let intervening = Case {
            stage: Stage::Intervening,
            opened_on: c.identified_on,
            stage_on: first,
            close_reason: None,
            notes: String::new(),
            ..c.clone()
        };
        if reopened {
            // Closed on the last visit before the re-opening.
            let closed_on = demo
                .visits
                .iter()
                .filter(|v| v.student_id == c.student_id && v.visited_on < c.opened_on)
                .map(|v| v.visited_on)
                .max()
                .unwrap_or(first)
                .max(first);
            steps[1].push(Case {
                stage: Stage::Closed,
                stage_on: closed_on,
                close_reason: Some(CloseReason::NoLongerAtRisk),
                ..intervening.clone()
            });
        }
        steps[0].push(intervening);
    }
    steps
}

/// Part `k` of `parts` nearly equal parts of `list`.
fn part<T>(list: &[T], k: usize, parts: usize) -> &[T] {
    let (from, to) = (list.len() * k / parts, list.len() * (k + 1) / parts);
    &list[from..to]
}

/// 6A, 7A, 8A, 9A, 6B, …, 9Z, 6A1, …: the four grades of a lower-secondary school, as
/// many sections as the size asks for.
fn class_name(index: usize) -> String {
    let grade = 6 + index % 4;
    let section = index / 4;
    let letter = (b'A' + (section % 26) as u8) as char;
    match section / 26 {
        0 => format!("{grade}{letter}"),
        round => format!("{grade}{letter}{round}"),
    }
}

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn person(rng: &mut StdRng, i: usize, class: &str, grade: i32, year: SchoolYear) -> Student {
    let sex = if rng.random_bool(0.5) { Sex::Female } else { Sex::Male };
    let (middle, given) = match sex {
        Sex::Female => (MIDDLE_FEMALE, GIVEN_FEMALE),
        Sex::Male => (MIDDLE_MALE, GIVEN_MALE),
    };
    let name = format!("{} {} {}", pick(rng, FAMILY), pick(rng, middle), pick(rng, given));
    // A pupil of grade g turns g + 5 in the calendar year the school year starts.
    let born_year = year.0 - grade - 5;
    let birth =
        NaiveDate::from_ymd_opt(born_year, 1, 1).expect("valid year") + Duration::days(rng.random_range(0..365));
    let guardian_given = pick(rng, GIVEN_FEMALE);
    Student {
        id: Uuid::now_v7(),
        code: Some(format!("DEMO{:06}", i + 1)),
        name,
        birth_date: birth,
        sex: Some(sex),
        ethnicity: pick(rng, ETHNICITIES).into(),
        address: format!("{}, {}", pick(rng, HAMLETS), pick(rng, COMMUNES)),
        guardian: format!("{} Thị {}", pick(rng, FAMILY), guardian_given),
        // 0900 000 000 onwards: a made-up block, like the sample class list's.
        phone: format!("0900{:06}", (i * 7919) % 1_000_000),
        class: class.into(),
        school_year: year,
        notes: String::new(),
    }
}

/// Pupil `i`'s place in their class, which decides their story.
fn slot(i: usize, n: usize) -> usize {
    if n <= CLASS_SIZE { i } else { i % CLASS_SIZE }
}

/// The demo's story for pupil `i`: in a class of up to 45 the first pupils are the cases a
/// teacher should see at once; in a bigger school the same shares hold throughout.
fn screening(rng: &mut StdRng, i: usize, n: usize, s: &Student, today: NaiveDate) -> Option<Screening> {
    use RiskFactor as F;
    let slot = slot(i, n);
    let factors: &[RiskFactor] = match slot {
        0 => &[
            F::PoorHousehold,
            F::WorksForOthers,
            F::SectorFactory,
            F::LongHours,
            F::FrequentAbsence,
        ],
        1 => &[
            F::NearPoorHousehold,
            F::ParentsWorkingAway,
            F::WorksForFamily,
            F::SectorAgriculture,
        ],
        2 => &[F::Orphan, F::FrequentAbsence, F::FallingResults],
        3 => &[
            F::PoorHousehold,
            F::SingleParent,
            F::WorksForFamily,
            F::SectorHandicraft,
        ],
        4 => &[F::SignsOfTrafficking, F::DroppedOut, F::ParentsWorkingAway],
        5 => &[F::PoorHousehold, F::FrequentAbsence],
        6 => &[F::WorksForOthers, F::SectorServices, F::HazardousWork, F::LongHours],
        7 => &[F::PoorHousehold, F::FrequentAbsence, F::FallingResults],
        8 => &[F::SingleParent, F::WorksForFamily, F::SectorServices],
        9..=11 => &[F::NearPoorHousehold],
        12..=29 => &[],
        _ => return None,
    };
    let factors: BTreeSet<RiskFactor> = factors.iter().copied().collect();
    let level = assess(&factors).level;
    let decision = match slot {
        0 | 6 => Decision::ChildLabour,
        4 => Decision::Trafficked,
        _ => Decision::suggested(level),
    };
    // Screened during the first weeks of the school year, never after today.
    let start = NaiveDate::from_ymd_opt(s.school_year.0, 9, 5).expect("valid date");
    let screened_on = (start + Duration::days(rng.random_range(0..40))).min(today);
    let identified_on = decision.is_identified().then_some(screened_on);
    debug_assert!(screened_on.year() >= s.school_year.0 - 1);
    Some(Screening {
        student_id: s.id,
        screened_on,
        factors,
        decision,
        identified_on,
        notes: String::new(),
    })
}

// --- Case follow-up ---------------------------------------------------------------------

/// How a demo case has gone so far. Each is fitted to the days since identification
/// (see [`Story::fit`]), so a demo made early in the school year stays consistent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Story {
    /// Nothing done yet, and no time to have done anything.
    Identified,
    /// Identified in the last few days (the screening is moved there).
    JustIdentified,
    /// Identified and no intervention since: past the limit once it is over a week old.
    NotYetHelped,
    /// Visits with agreed actions and supports; the latest visit set the next one.
    Intervening(Next),
    /// Past the first interventions and watched with visits.
    Monitoring(Next),
    /// Helped, then closed with a reason at a last visit.
    Closed,
    /// Helped, closed, and opened again one to two weeks ago at a visit that found the
    /// child working again: nothing done since, so past the limit.
    Reopened,
}

/// When the next visit the latest visit set falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// Within the coming week.
    DueSoon,
    /// Weeks ago, with no visit since.
    Overdue,
    /// In a few weeks.
    Later,
}

impl Story {
    /// The story of the identified pupil in `slot` of class number `class`: the first class
    /// tells each once; the other classes vary some.
    fn of(rng: &mut StdRng, slot: usize, class: usize) -> Story {
        let planned = match slot {
            0 | 4 => Story::Intervening(Next::DueSoon),
            1 => Story::Monitoring(Next::Overdue),
            2 => Story::NotYetHelped,
            3 => Story::Intervening(Next::Overdue),
            5 => Story::Reopened,
            6 => Story::JustIdentified,
            7 => Story::Closed,
            _ => Story::Monitoring(Next::Later),
        };
        if class == 0 || planned == Story::JustIdentified || rng.random_bool(0.6) {
            return planned;
        }
        let next = [Next::DueSoon, Next::Overdue, Next::Later][rng.random_range(0..3)];
        if rng.random_bool(0.5) {
            Story::Intervening(next)
        } else {
            Story::Monitoring(next)
        }
    }

    /// The story, or a simpler one when `span` days since identification are too few for
    /// it.
    fn fit(self, span: i64) -> Story {
        match self {
            Story::Reopened if span < 30 => Story::Closed.fit(span),
            Story::Closed if span < 20 => Story::Intervening(Next::Later).fit(span),
            Story::Monitoring(next) if span < 27 => Story::Intervening(next).fit(span),
            Story::Intervening(Next::Overdue) if span < 27 => Story::Intervening(Next::DueSoon).fit(span),
            Story::Intervening(_) if span < 2 => Story::Identified,
            s => s,
        }
    }
}

/// What a visit found, which decides its answers and findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    /// As the screening said.
    AsScreened,
    Better,
    /// Well enough to close the case.
    Recovered,
    MovedAway,
    /// Working again, after the case was closed.
    Relapsed,
    /// The parents were away.
    NotMet,
}

const VISITED_BY: &[&str] = &[
    "GVCN",
    "GVCN và cô Tổng phụ trách Đội",
    "GVCN cùng cán bộ Hội Phụ nữ xã",
    "GVCN và công chức văn hóa - xã hội xã",
];
const MET_PARENTS: &[&str] = &["Mẹ", "Bố", "Bố và mẹ", "Mẹ và em học sinh", "Chị gái"];
const MET_GRANDPARENTS: &[&str] = &["Bà ngoại", "Ông bà nội", "Bà nội", "Dì ruột"];
const EMPLOYERS: &[(Sector, &[&str])] = &[
    (
        Sector::Agriculture,
        &["Trang trại chè của người quen", "Vườn cây ăn quả trong thôn"],
    ),
    (Sector::Handicraft, &["Cơ sở làm hương thôn bên", "Xưởng mây tre đan"]),
    (Sector::Services, &["Quán ăn ở chợ xã", "Tiệm rửa xe ven đường"]),
    (Sector::Factory, &["Xưởng may tư nhân", "Lò gạch thôn bên", "Xưởng gỗ"]),
    (Sector::Other, &["Người quen trong thôn", "Đội thợ xây"]),
];
const FOUND_WORKING: &[(Sector, &[&str])] = &[
    (
        Sector::Agriculture,
        &[
            "Em phụ bố mẹ làm ruộng và chăn trâu, nhiều hôm nghỉ học",
            "Em hái chè từ sáng sớm, đến lớp thường muộn",
        ],
    ),
    (
        Sector::Handicraft,
        &[
            "Em ngồi đan mây tre với mẹ đến khuya để kịp giao hàng",
            "Em phơi hương và bó hương sau giờ học, ít thời gian học bài",
        ],
    ),
    (
        Sector::Services,
        &[
            "Em bưng bê ở quán ăn đến 10 giờ đêm, hay ngủ gật trong lớp",
            "Em rửa xe thuê vào buổi chiều và cuối tuần",
        ],
    ),
    (
        Sector::Factory,
        &[
            "Em làm thuê từ sáng đến tối, đã nghỉ học nhiều buổi",
            "Em đóng gói hàng ở xưởng theo ca, có tuần nghỉ học cả ba ngày",
        ],
    ),
    (Sector::Other, &["Em đi phụ hồ cùng anh họ vào cuối tuần"]),
];
const FOUND_HAZARD: &[&str] = &[
    "phải bốc vác nặng",
    "tiếp xúc với bụi và hóa chất, không có đồ bảo hộ",
    "làm việc gần máy móc nguy hiểm",
];
const FOUND_AT_RISK: &[&str] = &[
    "Em ở với bà ngoại, nhà neo đơn, em hay nghỉ học để trông em nhỏ",
    "Bố mẹ đi làm ăn xa, em ở với ông bà đã lớn tuổi",
    "Nhà thuộc hộ nghèo, em thiếu sách vở và đồ dùng học tập",
    "Em hay nghỉ học, kết quả học tập giảm sút",
];
const FOUND_TRAFFICKED: &[&str] = &[
    "Em từng bị người quen rủ lên thành phố làm giúp việc, nay đã về với ông bà",
    "Em bị đưa đi làm xa không được trả lương, gia đình vừa đón em về",
];
const FOUND_BETTER_HELPING: &[&str] = &[
    "Em đã đi học đều hơn, chỉ phụ việc nhà vào cuối tuần",
    "Em chỉ còn phụ gia đình vài giờ mỗi tuần, đi học đầy đủ",
];
const FOUND_BETTER: &[&str] = &[
    "Em không còn đi làm thuê, kết quả học tập có tiến bộ",
    "Gia đình đã nhận hỗ trợ, em vui vẻ và chăm học hơn",
    "Em đi học đầy đủ, giáo viên bộ môn nhận xét em tiến bộ",
];
const FOUND_RECOVERED: &[&str] = &[
    "Em đi học đều cả tháng, gia đình ổn định, em không còn phải đi làm",
    "Gia đình đã có việc làm ổn định, em yên tâm đi học",
];
const FOUND_MOVED: &str = "Gia đình chuyển vào miền Nam làm ăn, em đã chuyển trường";
const FOUND_RELAPSED: &[&str] = &[
    "Em lại nghỉ học nhiều ngày để đi làm cùng bố",
    "Mẹ ốm nặng, em lại phải nghỉ học đi làm thuê",
];
const FOUND_NOT_MET: &str = "Bố mẹ đi làm vắng, chưa gặp được phụ huynh; hẹn lần sau";
const AGREED_FIRST: &[&str] = &[
    "Mẹ đồng ý cho em đi học đều",
    "Gia đình cam kết không cho em đi làm thuê nữa",
    "Bố hứa chỉ cho em phụ việc nhà, không quá 2 giờ mỗi ngày",
    "Gia đình làm đơn xin miễn học phí, cô giáo hỗ trợ thủ tục",
    "Nhà trường hỗ trợ sách vở, gia đình cho em đi học lại",
];
const AGREED_TRAFFICKED: &str = "Báo Tổng đài 111 và công an xã; gia đình đưa em đi học lại";
const AGREED_VOCATIONAL: &str = "Giới thiệu em vào Trung tâm GDNN-GDTX khu vực An Lạc";
const AGREED_LATER: &[&str] = &[
    "Cô giáo kèm thêm môn Toán vào sáng thứ Bảy",
    "Hẹn gặp lại sau khi em thi học kỳ I",
    "Gia đình báo ngay cho cô giáo nếu em nghỉ học",
    "Bạn lớp trưởng giúp em chép bài những hôm vắng",
];
const PROVIDERS: &[(SupportType, &[&str])] = &[
    (
        SupportType::Scholarship,
        &[
            "Hội Khuyến học xã An Lạc",
            "Quỹ khuyến học của trường",
            "Hội Cựu giáo chức xã",
        ],
    ),
    (SupportType::TuitionExemption, &["Nhà trường"]),
    (
        SupportType::BooksSupplies,
        &["Đoàn Thanh niên xã", "Ban đại diện cha mẹ học sinh", "Thư viện trường"],
    ),
    (SupportType::Meals, &["Bếp ăn bán trú của trường", "Hội Phụ nữ xã"]),
    (
        SupportType::VocationalReferral,
        &[
            "Trung tâm GDNN-GDTX khu vực An Lạc",
            "Trung tâm GDNN-GDTX khu vực Tân Tiến",
        ],
    ),
    (
        SupportType::SocialServicesReferral,
        &["Công chức văn hóa - xã hội xã", "Trung tâm Công tác xã hội tỉnh"],
    ),
    (SupportType::Hotline111, &["Tổng đài 111"]),
    (
        SupportType::Counselling,
        &["Phòng tư vấn tâm lý học đường", "Cô Tổng phụ trách Đội"],
    ),
    (SupportType::ReturnToSchool, &["Nhà trường"]),
    (SupportType::Other, &["Hội Phụ nữ xã"]),
];
const NOTES: &[(SupportType, &str)] = &[
    (SupportType::TuitionExemption, "Miễn học phí học kỳ I"),
    (
        SupportType::VocationalReferral,
        "Lớp sửa chữa xe máy, học cùng chương trình GDTX",
    ),
    (SupportType::Hotline111, "Đã báo, công an xã đang xác minh"),
    (
        SupportType::ReturnToSchool,
        "Em đi học lại, cô giáo kèm thêm buổi chiều",
    ),
    (SupportType::Other, "Giới thiệu mẹ em vay vốn chăn nuôi"),
];
const TOPICS: &[(Audience, &[&str])] = &[
    (
        Audience::Parents,
        &[
            "Họp phụ huynh đầu năm: phòng, chống lao động trẻ em",
            "Trách nhiệm của gia đình trong việc cho con đi học đều",
            "Những công việc pháp luật cấm sử dụng trẻ em",
        ],
    ),
    (
        Audience::Students,
        &[
            "Sinh hoạt lớp: quyền trẻ em và tác hại của lao động trẻ em",
            "Nhận biết nguy cơ bị dụ dỗ đi làm xa",
            "Kỹ năng từ chối và tìm sự giúp đỡ: Tổng đài 111",
        ],
    ),
    (
        Audience::Both,
        &[
            "Ngoại khóa: Nói không với lao động trẻ em",
            "Ngày hội gia đình: cùng con đến trường",
        ],
    ),
];

fn listed<K: PartialEq, V: Copy>(table: &[(K, V)], key: K, fallback: V) -> V {
    table.iter().find(|(k, _)| *k == key).map_or(fallback, |(_, v)| *v)
}

/// A day from `from` to `to`, both included (`from` when `to` is before it).
fn between(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let days = (to - from).num_days();
    if days <= 0 {
        from
    } else {
        from + Duration::days(rng.random_range(0..=days))
    }
}

fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// One identified pupil, as the story reads them.
struct Pupil<'a> {
    student: &'a Student,
    screening: &'a Screening,
    grade: i32,
    /// Who the teacher usually meets at home.
    lives_with: &'static str,
}

impl Pupil<'_> {
    fn has(&self, f: RiskFactor) -> bool {
        self.screening.factors.contains(&f)
    }
    fn works(&self) -> bool {
        self.has(RiskFactor::WorksForFamily) || self.has(RiskFactor::WorksForOthers)
    }
    fn sector(&self) -> Option<Sector> {
        use RiskFactor as F;
        [
            (F::SectorAgriculture, Sector::Agriculture),
            (F::SectorHandicraft, Sector::Handicraft),
            (F::SectorServices, Sector::Services),
            (F::SectorFactory, Sector::Factory),
        ]
        .into_iter()
        .find(|(f, _)| self.has(*f))
        .map(|(_, s)| s)
        .or(self.works().then_some(Sector::Other))
    }
    /// The supports the pupil's case may get, with the status each reached, first the
    /// ones given in any case.
    fn support_plan(&self, slot: usize) -> &'static [(SupportType, SupportStatus)] {
        use SupportStatus as S;
        use SupportType as T;
        let older = self.grade >= 8;
        match slot {
            0 if older => &[
                (T::Scholarship, S::Delivered),
                (T::VocationalReferral, S::Referred),
                (T::Counselling, S::Delivered),
            ],
            0 => &[(T::Scholarship, S::Delivered), (T::Counselling, S::Delivered)],
            1 => &[
                (T::TuitionExemption, S::Delivered),
                (T::BooksSupplies, S::Delivered),
                (T::Meals, S::Planned),
            ],
            2 => &[(T::Scholarship, S::Planned), (T::BooksSupplies, S::Planned)],
            3 => &[
                (T::Meals, S::Delivered),
                (T::Other, S::Declined),
                (T::Scholarship, S::Planned),
            ],
            4 => &[
                (T::Hotline111, S::Referred),
                (T::SocialServicesReferral, S::Delivered),
                (T::Counselling, S::Delivered),
                (T::ReturnToSchool, S::Delivered),
            ],
            5 => &[(T::Scholarship, S::Delivered), (T::BooksSupplies, S::Delivered)],
            7 => &[(T::TuitionExemption, S::Delivered), (T::BooksSupplies, S::Delivered)],
            8 if older => &[
                (T::VocationalReferral, S::Referred),
                (T::Meals, S::Delivered),
                (T::Counselling, S::Planned),
            ],
            _ => &[(T::Meals, S::Delivered), (T::Counselling, S::Planned)],
        }
    }
}

/// The case follow-up of every identified pupil, and the sessions and informed marks of
/// every class.
fn follow_up(d: &mut Demo, rng: &mut StdRng, today: NaiveDate) {
    let n = d.students.len();
    let year_start = NaiveDate::from_ymd_opt(d.profile.school_year.0, 8, 1).expect("valid date");
    let by_pupil: std::collections::HashMap<Uuid, usize> = d
        .screenings
        .iter()
        .enumerate()
        .map(|(k, s)| (s.student_id, k))
        .collect();
    for (i, student) in d.students.iter().enumerate() {
        let Some(&k) = by_pupil.get(&student.id) else { continue };
        if !d.screenings[k].decision.is_identified() {
            continue;
        }
        let story = Story::of(rng, slot(i, n), i / CLASS_SIZE);
        if story == Story::JustIdentified {
            // Screened late, in the last few days.
            let on = (today - days(rng.random_range(0..=4))).max(year_start).min(today);
            d.screenings[k].screened_on = on;
            d.screenings[k].identified_on = Some(on);
        }
        let screening = &d.screenings[k];
        let raised_by_grandparents = [RiskFactor::Orphan, RiskFactor::ParentsWorkingAway]
            .iter()
            .any(|f| screening.factors.contains(f));
        let relatives = if raised_by_grandparents {
            MET_GRANDPARENTS
        } else {
            MET_PARENTS
        };
        let pupil = Pupil {
            student,
            screening,
            grade: grade_of(&student.class),
            lives_with: pick(rng, relatives),
        };
        let from = d.visits.len();
        let case = tell(rng, story, slot(i, n), &pupil, today, &mut d.visits, &mut d.supports);
        // Told at the first home visit that agreed on something with the family.
        let told = d.visits[from..]
            .iter()
            .find(|v| v.is_intervention())
            .map(|v| v.visited_on);
        if let Some(on) = told
            && rng.random_bool(0.6)
        {
            d.informed.push(Informed {
                student_id: student.id,
                student_on: rng.random_bool(0.5).then_some(on),
                parents_on: Some(on),
            });
        }
        // Closed as no longer at risk: the teacher recorded the screening result that says
        // so on the same day, as the interface asks.
        if case.close_reason == Some(CloseReason::NoLongerAtRisk) {
            let s = &mut d.screenings[k];
            s.decision = Decision::NotAtRisk;
            s.screened_on = case.stage_on;
            s.identified_on = None;
        }
        d.cases.push(case);
    }
    sessions(d, rng, today);
}

/// The grade a class name starts with: 8 of "8A", 6 of "6A1".
fn grade_of(class: &str) -> i32 {
    let digits: String = class.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(8)
}

/// Tells `story` for `p`: pushes their visits and supports, and returns their case, whose
/// dates and first intervention follow from those records.
fn tell(
    rng: &mut StdRng,
    story: Story,
    slot: usize,
    p: &Pupil,
    today: NaiveDate,
    visits: &mut Vec<Visit>,
    supports: &mut Vec<Support>,
) -> Case {
    let identified = p.screening.identified_on.unwrap_or(p.screening.screened_on);
    let story = story.fit((today - identified).num_days());
    let mut case = Case::new(p.student.id, identified);
    let (from_visit, from_support) = (visits.len(), supports.len());
    let plan = p.support_plan(slot);
    let given = &plan[..rng.random_range(1..=plan.len())];
    // The first visit, a few days after identification, agrees on a first action.
    let first = between(rng, identified + days(1), (identified + days(4)).min(today));
    let first_agreed = if p.has(RiskFactor::SignsOfTrafficking) {
        AGREED_TRAFFICKED
    } else if given.iter().any(|(t, _)| *t == SupportType::VocationalReferral) {
        AGREED_VOCATIONAL
    } else {
        pick(rng, AGREED_FIRST)
    };
    match story {
        Story::Identified | Story::JustIdentified => {}
        Story::NotYetHelped => {
            let planned = between(rng, identified, (identified + days(3)).min(today));
            give(rng, p, &plan[..1], planned, today, supports);
            if today > identified && rng.random_bool(0.5) {
                let on = between(rng, identified + days(1), today);
                let next = Some(today + days(rng.random_range(2..=10)));
                visits.push(visit(rng, p, on, Found::NotMet, "", next));
            }
        }
        Story::Intervening(next) | Story::Monitoring(next) => {
            let monitoring = matches!(story, Story::Monitoring(_));
            let (mut last, due) = match next {
                Next::DueSoon => (
                    between(rng, first.max(today - days(25)), today),
                    today + days(rng.random_range(1..=6)),
                ),
                Next::Overdue => {
                    let last = between(rng, first.max(today - days(45)), today - days(21)).max(first);
                    (last, (last + days(rng.random_range(10..=20))).min(today - days(1)))
                }
                Next::Later => (
                    between(rng, first.max(today - days(20)), today),
                    today + days(rng.random_range(14..=45)),
                ),
            };
            if monitoring {
                // Monitoring began at a second visit.
                last = last.max(first + days(1));
            }
            let wanted = if monitoring {
                rng.random_range(3..=4)
            } else {
                rng.random_range(1..=3)
            };
            // One visit, or the first and the latest with some between.
            let mut on = vec![first];
            if wanted > 1 && last > first {
                on.extend(days_within(rng, first, last, wanted - 2));
                on.push(last);
            }
            for (j, &day) in on.iter().enumerate() {
                let (found, agreed) = if j == 0 {
                    (Found::AsScreened, first_agreed)
                } else if rng.random_bool(0.5) {
                    (Found::Better, pick(rng, AGREED_LATER))
                } else {
                    (Found::Better, "")
                };
                let next = on.get(j + 1).copied().or(Some(due));
                visits.push(visit(rng, p, day, found, agreed, next));
            }
            give(rng, p, given, first, today, supports);
            case.stage = if monitoring {
                Stage::Monitoring
            } else {
                Stage::Intervening
            };
            case.stage_on = if monitoring { on[1] } else { first };
        }
        Story::Closed | Story::Reopened => {
            let reopened = (story == Story::Reopened).then(|| today - days(rng.random_range(8..=14)));
            let closed_by = reopened.map_or(today - days(1), |r| r - days(5));
            let closed = between(rng, first + days(7), closed_by);
            visits.push(visit(rng, p, first, Found::AsScreened, first_agreed, Some(closed)));
            give(rng, p, given, first, closed, supports);
            let reason = if reopened.is_none() && rng.random_bool(0.25) {
                CloseReason::MovedSchool
            } else {
                CloseReason::NoLongerAtRisk
            };
            let found = match reason {
                CloseReason::MovedSchool => Found::MovedAway,
                _ => Found::Recovered,
            };
            visits.push(visit(rng, p, closed, found, "", None));
            match reopened {
                None => {
                    case.stage = Stage::Closed;
                    case.stage_on = closed;
                    case.close_reason = Some(reason);
                }
                Some(on) => {
                    let next = Some(today + days(rng.random_range(2..=9)));
                    visits.push(visit(rng, p, on, Found::Relapsed, "", next));
                    case.opened_on = on;
                    case.stage_on = on;
                    // In Vietnamese like every record's text: see the module's comment.
                    case.notes = "Mở lại hồ sơ: em lại nghỉ học để đi làm".into();
                }
            }
        }
    }
    // The first intervention, as the records say.
    let from_visits = visits[from_visit..]
        .iter()
        .filter(|v| v.is_intervention())
        .map(|v| v.visited_on);
    let from_supports = supports[from_support..].iter().filter_map(Support::intervention_on);
    case.first_intervention_on = from_visits.chain(from_supports).min();
    case
}

/// Up to `count` distinct days strictly between `after` and `before`, in order.
fn days_within(rng: &mut StdRng, after: NaiveDate, before: NaiveDate, count: usize) -> Vec<NaiveDate> {
    let room = (before - after).num_days() - 1;
    if room < 1 {
        return Vec::new();
    }
    let mut out: Vec<NaiveDate> = (0..count).map(|_| after + days(rng.random_range(1..=room))).collect();
    out.sort();
    out.dedup();
    out
}

fn visit(rng: &mut StdRng, p: &Pupil, on: NaiveDate, found: Found, agreed: &str, next: Option<NaiveDate>) -> Visit {
    use RiskFactor as F;
    let met = match found {
        Found::NotMet => "Hàng xóm",
        // Mostly the same relative, who the child lives with.
        _ if rng.random_bool(0.75) => p.lives_with,
        _ if p.has(F::Orphan) || p.has(F::ParentsWorkingAway) => pick(rng, MET_GRANDPARENTS),
        _ => pick(rng, MET_PARENTS),
    };
    let sector = p.sector();
    let (working, attending) = match found {
        Found::AsScreened => (
            p.works(),
            // Often away, half the time the child was not at school that week.
            !p.has(F::DroppedOut) && (!p.has(F::FrequentAbsence) || rng.random_bool(0.5)),
        ),
        Found::Better => (p.works() && rng.random_bool(0.4), true),
        Found::Relapsed => (true, false),
        Found::Recovered | Found::MovedAway | Found::NotMet => (false, true),
    };
    // Better: only helping the family, a few hours a week.
    let for_family = p.has(F::WorksForFamily) || found == Found::Better;
    let sector = match (working, found, sector) {
        (false, ..) => None,
        // Helping at home, not in a factory.
        (true, Found::Better, Some(Sector::Factory)) => Some(Sector::Other),
        (true, _, sector) => sector.or(Some(Sector::Other)),
    };
    let hazardous = working
        && matches!(found, Found::AsScreened | Found::Relapsed)
        && (p.has(F::HazardousWork) || (sector == Some(Sector::Factory) && rng.random_bool(0.5)));
    let hours = working.then(|| match found {
        Found::Better => rng.random_range(4..=10),
        _ if p.has(F::LongHours) => rng.random_range(30..=45),
        _ => rng.random_range(8..=20),
    });
    let employer = match (working, for_family) {
        (false, _) => String::new(),
        (true, true) => "Gia đình".into(),
        (true, false) => pick(rng, listed(EMPLOYERS, sector.unwrap_or(Sector::Other), &[])).into(),
    };
    let mut findings = match found {
        Found::AsScreened if p.has(F::SignsOfTrafficking) => pick(rng, FOUND_TRAFFICKED).to_string(),
        Found::AsScreened | Found::Relapsed if working => {
            let list = listed(FOUND_WORKING, sector.unwrap_or(Sector::Other), &[]);
            if found == Found::Relapsed || list.is_empty() {
                pick(rng, FOUND_RELAPSED).into()
            } else {
                pick(rng, list).into()
            }
        }
        Found::AsScreened | Found::Relapsed => pick(rng, FOUND_AT_RISK).into(),
        Found::Better if working => pick(rng, FOUND_BETTER_HELPING).into(),
        Found::Better => pick(rng, FOUND_BETTER).into(),
        Found::Recovered => pick(rng, FOUND_RECOVERED).into(),
        Found::MovedAway => FOUND_MOVED.into(),
        Found::NotMet => FOUND_NOT_MET.into(),
    };
    if hazardous {
        findings = format!("{findings}; em {}", pick(rng, FOUND_HAZARD));
    }
    Visit {
        id: Uuid::now_v7(),
        student_id: p.student.id,
        visited_on: on,
        visited_by: pick(rng, VISITED_BY).into(),
        met: met.into(),
        working,
        employer,
        sector,
        hours_per_week: hours,
        hazardous,
        attending_school: attending,
        findings,
        agreed: agreed.into(),
        next_visit_on: next,
    }
}

/// Pushes the supports of `plan`, planned on `planned` and having reached their status by
/// `by`, in the order they were made (their ids sort so).
fn give(
    rng: &mut StdRng,
    p: &Pupil,
    plan: &[(SupportType, SupportStatus)],
    planned: NaiveDate,
    by: NaiveDate,
    out: &mut Vec<Support>,
) {
    for &(kind, status) in plan {
        let referral = matches!(
            kind,
            SupportType::VocationalReferral | SupportType::SocialServicesReferral | SupportType::Hotline111
        );
        let mut s = Support {
            id: Uuid::now_v7(),
            student_id: p.student.id,
            kind,
            status,
            planned_on: Some(planned),
            referred_on: None,
            delivered_on: None,
            declined_on: None,
            amount_vnd: amount(rng, kind),
            provider: pick(rng, listed(PROVIDERS, kind, &["Nhà trường"])).into(),
            notes: listed(NOTES, kind, "").into(),
        };
        match status {
            SupportStatus::Planned => {}
            SupportStatus::Declined => {
                s.declined_on = Some(between(rng, planned, (planned + days(10)).min(by)));
                s.notes = "Gia đình từ chối, hẹn bàn lại sau".into();
            }
            SupportStatus::Referred => {
                // A report to 111 is made the day it is decided.
                let late = if kind == SupportType::Hotline111 { 0 } else { 7 };
                s.referred_on = Some(between(rng, planned, (planned + days(late)).min(by)));
            }
            SupportStatus::Delivered => {
                let from = if referral {
                    let referred = between(rng, planned, (planned + days(5)).min(by));
                    s.referred_on = Some(referred);
                    referred
                } else {
                    planned
                };
                s.delivered_on = Some(between(rng, from, (from + days(20)).min(by)));
            }
        }
        out.push(s);
    }
}

/// An amount in đồng for the supports that have one.
fn amount(rng: &mut StdRng, kind: SupportType) -> Option<u64> {
    let choices: &[u64] = match kind {
        SupportType::Scholarship => &[500_000, 1_000_000, 1_500_000, 2_000_000],
        SupportType::TuitionExemption => &[450_000, 900_000, 1_350_000],
        SupportType::Meals => &[600_000, 900_000],
        SupportType::BooksSupplies => &[250_000, 350_000, 500_000],
        _ => return None,
    };
    Some(choices[rng.random_range(0..choices.len())])
}

/// Two or three awareness sessions in each class, held since the school year began, and
/// a few pupils marked informed by the teacher outside them.
fn sessions(d: &mut Demo, rng: &mut StdRng, today: NaiveDate) {
    let start = NaiveDate::from_ymd_opt(d.profile.school_year.0, 9, 5).expect("valid date");
    let mut classes: Vec<(&str, Vec<Uuid>)> = Vec::new();
    for s in &d.students {
        match classes.last_mut() {
            Some((class, ids)) if *class == s.class => ids.push(s.id),
            _ => classes.push((&s.class, vec![s.id])),
        }
    }
    let marked: BTreeSet<Uuid> = d.informed.iter().map(|i| i.student_id).collect();
    for (c, (_, pupils)) in classes.iter().enumerate() {
        let mut held = vec![
            (Audience::Parents, start + days(rng.random_range(3..=14)), 0.85),
            (Audience::Students, start + days(rng.random_range(20..=45)), 0.93),
        ];
        if c == 0 || rng.random_bool(0.6) {
            held.push((Audience::Both, start + days(rng.random_range(55..=85)), 0.8));
        }
        // Who each side of the sessions reached.
        let (mut pupils_reached, mut parents_reached) = (BTreeSet::new(), BTreeSet::new());
        for (audience, on, share) in held.into_iter().filter(|(_, on, _)| *on <= today) {
            let students: BTreeSet<Uuid> = pupils.iter().copied().filter(|_| rng.random_bool(share)).collect();
            let ticked = students.len() as u32;
            let attended = match audience {
                Audience::Parents => ticked + rng.random_range(0..=2),
                Audience::Students => ticked,
                Audience::Both => ticked + rng.random_range(ticked / 2..=ticked),
            };
            if audience.reaches_students() {
                pupils_reached.extend(students.iter().copied());
            }
            if audience.reaches_parents() {
                parents_reached.extend(students.iter().copied());
            }
            d.sessions.push(Session {
                id: Uuid::now_v7(),
                held_on: on,
                audience,
                topic: pick(rng, listed(TOPICS, audience, &[])).into(),
                attended,
                students,
                notes: if rng.random_bool(0.3) {
                    "Có cán bộ Hội Phụ nữ xã cùng tham dự".into()
                } else {
                    String::new()
                },
            });
        }
        // One or two pupils (or their parents) who missed the sessions held for them, told
        // by the teacher in person.
        let missed: Vec<(Uuid, bool, bool)> = pupils
            .iter()
            .map(|p| (*p, !pupils_reached.contains(p), !parents_reached.contains(p)))
            .filter(|(p, pupil, parents)| (*pupil || *parents) && !marked.contains(p))
            .take(rng.random_range(1..=2))
            .collect();
        for (student_id, pupil, parents) in missed {
            let on = between(rng, start.min(today), today);
            d.informed.push(Informed {
                student_id,
                student_on: pupil.then_some(on),
                parents_on: parents.then_some(on),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn a_class_has_cases_to_see() {
        let d = generate(40, 1, today(), Lang::Vi);
        assert_eq!(d.students.len(), 40);
        assert!(d.students.iter().all(|s| s.class == "8A"));
        let count = |st: Status| d.screenings.iter().filter(|s| Status::of(Some(s)) == st).count();
        assert!(count(Status::AtRisk) >= 3);
        assert_eq!(count(Status::ChildLabour), 2);
        assert_eq!(count(Status::Trafficked), 1);
        assert!(
            d.students.len() > d.screenings.len(),
            "some pupils are not screened yet"
        );
    }

    #[test]
    fn every_demo_pupil_is_valid() {
        use crate::domain::StudentInput;
        let d = generate(200, 7, today(), Lang::En);
        for s in &d.students {
            let again = StudentInput::from_student(s).validate(s.id, &s.class, s.school_year, today());
            assert_eq!(again.as_ref(), Ok(s), "{}", s.name);
        }
        for s in &d.screenings {
            assert!(s.screened_on <= today());
        }
    }

    #[test]
    fn a_school_spreads_over_classes() {
        let d = generate(200, 7, today(), Lang::En);
        let classes: BTreeSet<&str> = d.students.iter().map(|s| s.class.as_str()).collect();
        assert_eq!(classes.into_iter().collect::<Vec<_>>(), ["6A", "6B", "7A", "8A", "9A"]);
        assert_eq!(class_name(4 * 26), "6A1");
    }

    use crate::domain::{Casebook, Settings};

    fn book(d: &Demo) -> Casebook {
        Casebook::from_records(
            Settings::default(),
            d.students.clone(),
            d.screenings.clone(),
            d.cases.clone(),
            d.visits.clone(),
            d.supports.clone(),
            d.sessions.clone(),
            d.informed.clone(),
        )
    }

    /// The next visit each pupil's latest visit set, if any.
    fn next_visits(book: &Casebook) -> Vec<(Uuid, NaiveDate)> {
        book.visits
            .iter()
            .filter_map(|(id, v)| Some((*id, v.last()?.next_visit_on?)))
            .collect()
    }

    /// Open cases with no intervention since they were (re)opened, with their deadline.
    fn waiting(book: &Casebook) -> Vec<(Uuid, NaiveDate)> {
        let days = Duration::days(book.settings.intervention_days.into());
        book.cases
            .values()
            .filter(|c| c.stage.is_open())
            .filter(|c| book.interventions_of(c.student_id).iter().all(|d| *d < c.opened_on))
            .map(|c| (c.student_id, c.opened_on + days))
            .collect()
    }

    fn is_open(book: &Casebook, id: Uuid) -> bool {
        book.case_of(id).is_none_or(|c| c.stage.is_open())
    }

    /// Every date the demo holds but the next visits planned.
    fn past_dates(d: &Demo) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        out.extend(
            d.screenings
                .iter()
                .flat_map(|s| [Some(s.screened_on), s.identified_on])
                .flatten(),
        );
        for c in &d.cases {
            out.extend(
                [
                    Some(c.identified_on),
                    Some(c.opened_on),
                    Some(c.stage_on),
                    c.first_intervention_on,
                ]
                .into_iter()
                .flatten(),
            );
        }
        out.extend(d.visits.iter().map(|v| v.visited_on));
        for s in &d.supports {
            out.extend(
                [s.planned_on, s.referred_on, s.delivered_on, s.declined_on]
                    .into_iter()
                    .flatten(),
            );
        }
        out.extend(d.sessions.iter().map(|s| s.held_on));
        out.extend(d.informed.iter().flat_map(|i| [i.student_on, i.parents_on]).flatten());
        out
    }

    #[test]
    fn a_class_has_follow_up_to_show_at_once() {
        let d = generate(40, 1, today(), Lang::Vi);
        let book = book(&d);
        let identified: BTreeSet<Uuid> = d
            .screenings
            .iter()
            .filter(|s| s.decision.is_identified())
            .map(|s| s.student_id)
            .collect();
        assert_eq!(
            d.cases.iter().map(|c| c.student_id).collect::<BTreeSet<_>>(),
            identified
        );
        assert_eq!(book.cases.len(), d.cases.len(), "one case a pupil");
        // Reminders: visits overdue and due this week, interventions overdue and pending.
        let week = today() + Duration::days(6);
        let next = next_visits(&book);
        let overdue = next
            .iter()
            .filter(|(id, on)| *on < today() && is_open(&book, *id))
            .count();
        let due = next
            .iter()
            .filter(|(id, on)| (today()..=week).contains(on) && is_open(&book, *id))
            .count();
        assert!(overdue >= 2, "{overdue} visits overdue");
        assert!(due >= 1, "{due} visits due this week");
        let waiting = waiting(&book);
        assert!(
            waiting.iter().filter(|(_, by)| *by < today()).count() >= 2,
            "{waiting:?}"
        );
        assert!(waiting.iter().any(|(_, by)| *by >= today()), "{waiting:?}");
        // Every stage, a re-opened case, and most cases under way.
        let stages: BTreeSet<Stage> = d.cases.iter().map(|c| c.stage).collect();
        assert_eq!(stages.len(), Stage::ALL.len());
        assert!(
            d.cases
                .iter()
                .any(|c| c.stage.is_open() && c.opened_on > c.identified_on)
        );
        let under_way = d
            .cases
            .iter()
            .filter(|c| matches!(c.stage, Stage::Intervening | Stage::Monitoring))
            .count();
        assert!(under_way * 2 > d.cases.len(), "{under_way} of {}", d.cases.len());
        for c in &d.cases {
            assert!(book.visits_of(c.student_id).len() <= 4);
        }
        // Supports of several kinds and statuses, with amounts and a training centre.
        let kinds: BTreeSet<SupportType> = d.supports.iter().map(|s| s.kind).collect();
        let statuses: BTreeSet<SupportStatus> = d.supports.iter().map(|s| s.status).collect();
        assert!(kinds.len() >= 5 && statuses.len() >= 3, "{kinds:?} {statuses:?}");
        let paid = |s: &&Support| matches!(s.kind, SupportType::Scholarship | SupportType::TuitionExemption);
        assert!(
            d.supports
                .iter()
                .filter(paid)
                .all(|s| s.amount_vnd.is_some_and(|a| a >= 100_000))
        );
        assert!(
            d.supports
                .iter()
                .any(|s| s.kind == SupportType::VocationalReferral && s.provider.starts_with("Trung tâm"))
        );
        // Sessions for parents and for pupils that most of the class attended, and marks.
        assert!((2..=3).contains(&d.sessions.len()));
        for s in &d.sessions {
            assert!(s.students.len() * 2 > d.students.len() && s.attended as usize >= s.students.len());
        }
        assert!(d.sessions.iter().any(|s| s.audience.reaches_parents()));
        assert!(d.sessions.iter().any(|s| s.audience.reaches_students()));
        assert!(!d.informed.is_empty());
    }

    #[test]
    fn cases_agree_with_their_records_whatever_the_day() {
        let days = [
            (2026, 8, 1),
            (2026, 9, 6),
            (2026, 10, 1),
            (2026, 11, 28),
            (2027, 3, 15),
            (2027, 7, 31),
        ];
        for (y, m, day) in days {
            let today = NaiveDate::from_ymd_opt(y, m, day).unwrap();
            let d = generate(200, 3, today, Lang::Vi);
            let book = book(&d);
            for date in past_dates(&d) {
                assert!(date <= today, "{date} is after {today}");
            }
            // Status, case and records agree (closed as no longer at risk means screened
            // not at risk; first interventions as derived; dates in order).
            assert_eq!(crate::domain::contradictions(&book), [], "on {today}");
            for c in &d.cases {
                let s = &book.screenings[&c.student_id];
                match s.decision.is_identified() {
                    true => assert_eq!(Some(c.identified_on), s.identified_on),
                    false => assert_eq!(c.close_reason, Some(CloseReason::NoLongerAtRisk), "{c:?}"),
                }
                match c.stage {
                    Stage::Intervening => assert_eq!(Some(c.stage_on), c.first_intervention_on),
                    Stage::Monitoring => assert!(c.first_intervention_on.is_some_and(|f| f < c.stage_on)),
                    Stage::Closed => assert!(c.first_intervention_on.is_some()),
                    Stage::Identified => {}
                }
                // Nothing done since a case was opened while it waits at Identified.
                if c.stage == Stage::Identified {
                    assert!(
                        book.interventions_of(c.student_id).iter().all(|d| *d < c.opened_on),
                        "{c:?}"
                    );
                }
            }
            for v in &d.visits {
                assert!(v.next_visit_on.is_none_or(|n| n > v.visited_on), "{v:?}");
                assert_eq!(v.working, !v.employer.is_empty(), "{v:?}");
                assert_eq!(v.working, v.sector.is_some() && v.hours_per_week.is_some(), "{v:?}");
                assert!(!v.hazardous || v.working);
                let c = book.case_of(v.student_id).expect("visits are of pupils with a case");
                assert!(v.visited_on >= c.identified_on);
            }
            for s in &d.supports {
                assert!(s.status_on().is_some(), "{s:?}");
                let planned = s.planned_on.expect("planned");
                assert!(
                    [s.referred_on, s.delivered_on, s.declined_on]
                        .into_iter()
                        .flatten()
                        .all(|x| x >= planned)
                );
            }
            for s in &d.sessions {
                let classes: BTreeSet<&str> = s.students.iter().map(|id| book.students[id].class.as_str()).collect();
                assert!(classes.len() <= 1, "{classes:?}");
            }
        }
    }

    #[test]
    fn a_school_has_follow_up_in_every_class() {
        let d = generate(2_000, 1, today(), Lang::Vi);
        let book = book(&d);
        // Every identified pupil has a case; the others with one were closed, no longer at
        // risk.
        let identified = d.screenings.iter().filter(|s| s.decision.is_identified()).count();
        let not_at_risk = (d.cases.iter())
            .filter(|c| c.close_reason == Some(CloseReason::NoLongerAtRisk))
            .count();
        assert_eq!(d.cases.len(), identified + not_at_risk);
        let classes: BTreeSet<&str> = d.students.iter().map(|s| s.class.as_str()).collect();
        for class in &classes {
            let held = d
                .sessions
                .iter()
                .filter(|s| s.students.iter().any(|id| book.students[id].class == *class))
                .count();
            assert!((2..=3).contains(&held), "{class}: {held} sessions");
        }
        // Reminders grow with the school.
        let overdue = next_visits(&book)
            .iter()
            .filter(|(id, on)| *on < today() && is_open(&book, *id))
            .count();
        let waiting = waiting(&book).iter().filter(|(_, by)| *by < today()).count();
        assert!(
            overdue >= classes.len() / 2 && waiting >= classes.len() / 2,
            "{overdue} {waiting}"
        );
    }

    #[test]
    fn the_texts_are_composed_vietnamese() {
        let d = generate(200, 5, today(), Lang::En);
        let texts = d
            .visits
            .iter()
            .flat_map(|v| [&v.visited_by, &v.met, &v.employer, &v.findings, &v.agreed])
            .chain(d.supports.iter().flat_map(|s| [&s.provider, &s.notes]))
            .chain(d.sessions.iter().flat_map(|s| [&s.topic, &s.notes]))
            .chain(d.cases.iter().map(|c| &c.notes));
        for t in texts {
            assert_eq!(*t, crate::text::nfc(t), "{t}");
        }
        assert!(d.visits.iter().any(|v| v.agreed == "Mẹ đồng ý cho em đi học đều"));
    }

    #[test]
    fn every_stored_case_went_through_the_moves_the_workflow_allows() {
        let dir = tempfile::tempdir().unwrap();
        let clock = std::sync::Arc::new(crate::clock::FixedClock::on(2026, 11, 28));
        let store = Store::open_with_clock(dir.path(), clock).unwrap();
        let d = generate(90, 3, today(), Lang::Vi);
        fill(&store, &d).unwrap();
        let mut moves = 0;
        for c in &d.cases {
            // A stored case starts as the implicit one: identified.
            let mut at = Case::new(c.student_id, c.identified_on);
            for change in store
                .changes_for(crate::domain::RecordKind::Case, c.student_id)
                .unwrap()
            {
                let Some(crate::domain::Value::Text(code)) = change.value.filter(|_| change.field == "stage") else {
                    continue;
                };
                let to = Stage::from_code(&code).unwrap();
                if to == at.stage {
                    // Stored as it was implicitly: no move.
                    continue;
                }
                assert!(at.allowed_moves().contains(&to), "{:?} → {to:?} in {c:?}", at.stage);
                at.stage = to;
                moves += 1;
            }
            assert_eq!(at.stage, c.stage);
        }
        assert!(moves > d.cases.len(), "some cases went through more than one move");
    }

    #[test]
    fn fill_writes_everything_generated() {
        let dir = tempfile::tempdir().unwrap();
        let clock = std::sync::Arc::new(crate::clock::FixedClock::on(2026, 11, 28));
        let store = Store::open_with_clock(dir.path(), clock).unwrap();
        let d = generate(90, 3, today(), Lang::Vi);
        fill(&store, &d).unwrap();
        let stored = store.casebook().unwrap();
        let generated = book(&d);
        assert_eq!(stored.students.len(), 90);
        assert_eq!(stored.screenings, generated.screenings);
        assert_eq!(stored.cases, generated.cases);
        assert_eq!(stored.visits, generated.visits);
        assert_eq!(stored.supports, generated.supports);
        assert_eq!(stored.sessions, generated.sessions);
        assert_eq!(stored.informed, generated.informed);
    }

    #[test]
    fn the_same_seed_gives_the_same_people() {
        let a = generate(30, 42, today(), Lang::Vi);
        let b = generate(30, 42, today(), Lang::Vi);
        let names = |d: &Demo| d.students.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&generate(30, 43, today(), Lang::Vi)));
        // And the same stories: what each visit found, by the pupil's place in the class.
        let stories = |d: &Demo| {
            let place = |id: Uuid| d.students.iter().position(|s| s.id == id);
            d.visits
                .iter()
                .map(|v| (place(v.student_id), v.visited_on, v.findings.clone(), v.agreed.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(stories(&a), stories(&b));
        assert_ne!(stories(&a), stories(&generate(30, 43, today(), Lang::Vi)));
    }
}
