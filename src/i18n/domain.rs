//! Names of the domain's fields, problems, factors and statuses.

use crate::domain::{
    Audience, CloseReason, Decision, Field, FieldError, MoveError, Problem, RiskFactor, RiskLevel, RiskReason, Sector,
    Sex, Stage, Status, SupportStatus, SupportType,
};
use crate::i18n::Lang;
use crate::strings;

strings!(D {
    FTeacher => "Họ tên giáo viên", "Teacher's name";
    FSchool => "Trường", "School";
    FSchoolCode => "Mã trường", "School code";
    FCommune => "Xã, phường", "Commune or ward";
    FProvince => "Tỉnh, thành phố", "Province or city";
    FClass => "Lớp", "Class";
    FSchoolYear => "Năm học", "School year";
    FLanguage => "Ngôn ngữ", "Language";
    FTrainedOn => "Ngày tập huấn về phòng ngừa lao động trẻ em", "Trained on child-labour prevention";
    FStudentCode => "Mã học sinh", "Student code";
    FName => "Họ và tên", "Full name";
    FBirthDate => "Ngày sinh", "Date of birth";
    FSex => "Giới tính", "Sex";
    FEthnicity => "Dân tộc", "Ethnicity";
    FAddress => "Địa chỉ", "Address";
    FGuardian => "Cha mẹ, người giám hộ", "Parent or guardian";
    FPhone => "Số điện thoại", "Phone";
    FNotes => "Ghi chú", "Notes";
    FDecision => "Kết luận của giáo viên", "Teacher's decision";
    FIdentifiedOn => "Ngày phát hiện", "Date identified";
    FScreenedOn => "Ngày rà soát", "Date screened";
    FVisitedOn => "Ngày thăm", "Date of the visit";
    FVisitedBy => "Người đi thăm", "Visited by";
    FMet => "Gặp ai", "Who was met";
    FWorking => "Trẻ đang làm việc", "The child is working";
    FEmployer => "Làm cho ai", "Working for whom";
    FSector => "Lĩnh vực", "Sector";
    FHoursPerWeek => "Số giờ mỗi tuần", "Hours a week";
    FHazardous => "Công việc nặng nhọc, độc hại, nguy hiểm", "Heavy, hazardous or dangerous work";
    FAttendingSchool => "Đang đi học", "Attending school";
    FFindings => "Nhận xét", "Findings";
    FAgreed => "Đã thống nhất", "What was agreed";
    FNextVisitOn => "Hẹn thăm lần sau", "Next visit due";
    FSupportType => "Hình thức hỗ trợ", "Type of support";
    FSupportStatus => "Tình trạng", "Status";
    FStatusOn => "Ngày của tình trạng này", "Date of this status";
    FAmount => "Số tiền (đồng)", "Amount (VND)";
    FProvider => "Đơn vị hỗ trợ, nơi chuyển đến", "Provider or destination";
    FStage => "Bước", "Stage";
    FStageOn => "Ngày chuyển", "Date of the move";
    FCloseReason => "Lý do đóng hồ sơ", "Reason for closing";
    FHeldOn => "Ngày tổ chức", "Date held";
    FAudience => "Đối tượng", "Audience";
    FTopic => "Chủ đề", "Topic";
    FAttended => "Số người tham dự", "Number attending";
    FAttendees => "Học sinh (hoặc cha mẹ) có mặt", "Pupils (or parents) present";
    FStudentInformedOn => "Ngày học sinh được truyền thông", "Date the pupil was informed";
    FParentsInformedOn => "Ngày cha mẹ được truyền thông", "Date the parents were informed";
    FInterventionDays => "Số ngày tối đa đến lần can thiệp đầu", "Days allowed to the first intervention";
    FMonitoringDays => "Số ngày tối đa giữa hai lần thăm", "Days allowed between visits";

    SexMale => "Nam", "Male";
    SexFemale => "Nữ", "Female";
    SexNotGiven => "—", "—";

    PRequired => "không được để trống", "is required";
    PTooLong => "dài quá {0} ký tự", "is longer than {0} characters";
    PControl => "có ký tự điều khiển hoặc ký tự đổi chiều chữ, không hợp lệ", "contains a control character or a text-direction mark";
    PNotADate => "không phải ngày hợp lệ (dd/mm/yyyy)", "is not a valid date (dd/mm/yyyy)";
    PInFuture => "không được sau ngày hôm nay", "cannot be after today";
    PBirth => "không hợp lý cho một học sinh", "is not plausible for a pupil";
    PPhone => "không giống số điện thoại Việt Nam", "does not look like a Vietnamese phone number";
    PSchoolYear => "phải có dạng 2026-2027", "must look like 2026-2027";
    PSex => "phải là Nam hoặc Nữ", "must be male or female";
    PLanguage => "phải là vi hoặc en", "must be vi or en";
    PNumber => "phải là số nguyên", "must be a whole number";
    PRange => "phải từ {0} đến {1}", "must be from {0} to {1}";
    PAmount => "không phải số tiền hợp lệ (ví dụ 1.500.000)", "is not a valid amount (for example 1.500.000)";
    PAfterVisit => "phải sau ngày thăm", "must be after the visit";
    PFewerThanTicked => "ít hơn {0} học sinh đã đánh dấu có mặt", "is fewer than the {0} pupils ticked as present";
    PTooEarly => "không được trước ngày {0}", "cannot be before {0}";
    PAmountTooLarge => "không được lớn hơn {0}", "cannot be more than {0}";
    PNextVisitTooFar => "phải trong vòng một năm sau ngày thăm", "must be within a year after the visit";
    PSchoolYearTooFar => "phải từ {0} đến {1}, không cách năm học này quá một năm", "must be from {0} to {1}, at most a year from this one";

    RPoor => "Hộ nghèo", "Poor household";
    RNearPoor => "Hộ cận nghèo", "Near-poor household";
    ROrphan => "Mồ côi", "Orphan";
    RSingleParent => "Sống với cha hoặc mẹ", "Lives with one parent";
    RParentsAway => "Cha mẹ đi làm ăn xa", "Parents working away";
    RAbsence => "Hay nghỉ học", "Frequently absent";
    RFalling => "Kết quả học tập giảm sút", "Falling school results";
    RWorksFamily => "Làm việc giúp gia đình", "Works for the family";
    RWorksOthers => "Làm thuê cho người khác", "Works for others";
    RAgriculture => "Lĩnh vực: nông nghiệp", "Sector: agriculture";
    RHandicraft => "Lĩnh vực: tiểu thủ công nghiệp", "Sector: handicraft";
    RServices => "Lĩnh vực: dịch vụ", "Sector: services";
    RFactory => "Lĩnh vực: nhà máy, chuỗi cung ứng", "Sector: factory or supply chain";
    RLongHours => "Làm việc nhiều giờ", "Works long hours";
    RHazardous => "Công việc nặng nhọc, độc hại, nguy hiểm", "Heavy, hazardous or dangerous work";
    RTrafficking => "Có dấu hiệu bị mua bán", "Signs of trafficking";
    RDroppedOut => "Đã bỏ học", "Dropped out";

    LNone => "Không có nguy cơ", "No risk";
    LLow => "Nguy cơ thấp", "Low risk";
    LMedium => "Nguy cơ trung bình", "Medium risk";
    LHigh => "Nguy cơ cao", "High risk";

    WTrafficking => "có dấu hiệu bị mua bán", "signs of trafficking";
    WHazardous => "làm công việc nặng nhọc, độc hại, nguy hiểm", "heavy, hazardous or dangerous work";
    WDroppedOut => "đã bỏ học", "has dropped out";
    WLongHours => "đi làm nhiều giờ", "works long hours";
    WWorking => "đang phải làm việc", "is working";
    WScore => "tổng điểm nguy cơ {0}", "risk score {0}";

    SUnscreened => "Chưa rà soát", "Not screened";
    SNotAtRisk => "Không có nguy cơ", "Not at risk";
    SAtRisk => "Có nguy cơ", "At risk";
    SChildLabour => "Lao động trẻ em", "Child labour";
    STrafficked => "Bị mua bán để bóc lột sức lao động", "Trafficked for labour exploitation";

    SecAgriculture => "Nông nghiệp", "Agriculture";
    SecHandicraft => "Tiểu thủ công nghiệp", "Handicraft";
    SecServices => "Dịch vụ", "Services";
    SecFactory => "Nhà máy, chuỗi cung ứng", "Factory or supply chain";
    SecOther => "Khác", "Other";

    TScholarship => "Học bổng", "Scholarship";
    TTuition => "Miễn, giảm học phí", "Tuition exemption or reduction";
    TBooks => "Sách vở, đồ dùng học tập", "Books and supplies";
    TMeals => "Hỗ trợ ăn", "Meals";
    TVocational => "Giới thiệu học nghề", "Vocational-training referral";
    TSocial => "Chuyển đến dịch vụ xã hội", "Referral to social services";
    THotline => "Báo Tổng đài 111", "Report to hotline 111";
    TCounselling => "Tư vấn, tham vấn", "Counselling";
    TReturn => "Đưa trở lại trường", "Return to school";
    TOther => "Khác", "Other";

    UPlanned => "Dự kiến", "Planned";
    UReferred => "Đã chuyển gửi", "Referred";
    UDelivered => "Đã nhận", "Delivered";
    UDeclined => "Từ chối", "Declined";

    GIdentified => "Đã phát hiện", "Identified";
    GIntervening => "Đang can thiệp", "Intervening";
    GMonitoring => "Đang theo dõi", "Monitoring";
    GClosed => "Đã đóng", "Closed";

    CNoLonger => "Không còn nguy cơ", "No longer at risk";
    CMoved => "Chuyển trường", "Moved school";
    CFinished => "Đã học xong", "Finished school";
    COther => "Lý do khác", "Other reason";

    APParents => "Cha mẹ", "Parents";
    APStudents => "Học sinh", "Pupils";
    APBoth => "Cha mẹ và học sinh", "Parents and pupils";

    MNotAllowed => "Không thể chuyển hồ sơ từ «{0}» sang «{1}»: {2}",
        "Cannot move the case from “{0}” to “{1}”: {2}";
    MSameStage => "hồ sơ đã ở bước này.", "the case is already at this stage.";
    MFromIdentified => "hồ sơ mới phát hiện chỉ có thể chuyển sang «{0}» hoặc «{1}».",
        "a newly identified case can only move to “{0}” or “{1}”.";
    MFromIntervening => "hồ sơ đang can thiệp chỉ có thể chuyển sang «{0}» hoặc «{1}».",
        "a case being intervened can only move to “{0}” or “{1}”.";
    MFromMonitoring => "hồ sơ đang theo dõi chỉ có thể quay lại «{0}» hoặc chuyển sang «{1}».",
        "a monitored case can only go back to “{0}” or move to “{1}”.";
    MFromClosed => "hồ sơ đã đóng chỉ có thể mở lại.", "a closed case can only be re-opened.";
    MNeedsReason => "Cần chọn lý do để đóng hồ sơ.", "Closing a case needs a reason.";
    MBeforeStage => "Ngày chuyển không được trước ngày {0}, ngày hồ sơ sang bước hiện tại.",
        "The date of the move cannot be before {0}, when the case reached its current stage.";
    MInFuture => "Ngày chuyển không được sau ngày hôm nay.", "The date of the move cannot be after today.";
    MNoIntervention => "Chưa có can thiệp nào: hãy ghi một lần thăm nhà có thỏa thuận hoặc một hỗ trợ đã chuyển gửi/đã nhận.",
        "No intervention yet: record a home visit with an agreement, or a support referred or delivered.";
    MBeforeScreening => "Hồ sơ đóng vì «Không còn nguy cơ» không được ghi trước ngày {0}, ngày rà soát hiện tại: kết quả rà soát mới không thể cũ hơn kết quả đang có.",
        "A case closed “no longer at risk” cannot be dated before {0}, the date of the current screening: the new screening result cannot be older than the one it replaces.";
    MNotIdentified => "Kết quả rà soát hiện tại là em không có nguy cơ: hãy rà soát lại em; kết quả phát hiện em sẽ mở lại hồ sơ.",
        "The current screening says the child is not at risk: re-screen the pupil; a result that identifies the child re-opens the case.";
});

pub fn field(lang: Lang, f: Field) -> &'static str {
    let k = match f {
        Field::Teacher => D::FTeacher,
        Field::School => D::FSchool,
        Field::SchoolCode => D::FSchoolCode,
        Field::Commune => D::FCommune,
        Field::Province => D::FProvince,
        Field::Class => D::FClass,
        Field::SchoolYear => D::FSchoolYear,
        Field::Language => D::FLanguage,
        Field::TrainedOn => D::FTrainedOn,
        Field::StudentCode => D::FStudentCode,
        Field::Name => D::FName,
        Field::BirthDate => D::FBirthDate,
        Field::Sex => D::FSex,
        Field::Ethnicity => D::FEthnicity,
        Field::Address => D::FAddress,
        Field::Guardian => D::FGuardian,
        Field::Phone => D::FPhone,
        Field::Notes => D::FNotes,
        Field::Decision => D::FDecision,
        Field::IdentifiedOn => D::FIdentifiedOn,
        Field::ScreenedOn => D::FScreenedOn,
        Field::VisitedOn => D::FVisitedOn,
        Field::VisitedBy => D::FVisitedBy,
        Field::Met => D::FMet,
        Field::Working => D::FWorking,
        Field::Employer => D::FEmployer,
        Field::Sector => D::FSector,
        Field::HoursPerWeek => D::FHoursPerWeek,
        Field::Hazardous => D::FHazardous,
        Field::AttendingSchool => D::FAttendingSchool,
        Field::Findings => D::FFindings,
        Field::Agreed => D::FAgreed,
        Field::NextVisitOn => D::FNextVisitOn,
        Field::SupportType => D::FSupportType,
        Field::SupportStatus => D::FSupportStatus,
        Field::StatusOn => D::FStatusOn,
        Field::Amount => D::FAmount,
        Field::Provider => D::FProvider,
        Field::Stage => D::FStage,
        Field::StageOn => D::FStageOn,
        Field::CloseReason => D::FCloseReason,
        Field::HeldOn => D::FHeldOn,
        Field::Audience => D::FAudience,
        Field::Topic => D::FTopic,
        Field::Attended => D::FAttended,
        Field::Attendees => D::FAttendees,
        Field::StudentInformedOn => D::FStudentInformedOn,
        Field::ParentsInformedOn => D::FParentsInformedOn,
        Field::InterventionDays => D::FInterventionDays,
        Field::MonitoringDays => D::FMonitoringDays,
    };
    k.get(lang)
}

/// What is wrong, without the field's name ("is required").
pub fn problem(lang: Lang, p: &Problem) -> String {
    match p {
        Problem::Required => D::PRequired.get(lang).into(),
        Problem::TooLong { max } => D::PTooLong.fill(lang, &[max]),
        Problem::ControlCharacter => D::PControl.get(lang).into(),
        Problem::NotADate => D::PNotADate.get(lang).into(),
        Problem::InFuture => D::PInFuture.get(lang).into(),
        Problem::ImplausibleBirthDate => D::PBirth.get(lang).into(),
        Problem::NotAPhone => D::PPhone.get(lang).into(),
        Problem::NotASchoolYear => D::PSchoolYear.get(lang).into(),
        Problem::NotASex => D::PSex.get(lang).into(),
        Problem::NotALanguage => D::PLanguage.get(lang).into(),
        Problem::NotANumber => D::PNumber.get(lang).into(),
        Problem::OutOfRange { min, max } => D::PRange.fill(lang, &[min, max]),
        Problem::NotAnAmount => D::PAmount.get(lang).into(),
        Problem::NotAfterVisit => D::PAfterVisit.get(lang).into(),
        Problem::FewerThanTicked { ticked } => D::PFewerThanTicked.fill(lang, &[ticked]),
        Problem::TooEarly { min } => D::PTooEarly.fill(lang, &[&crate::text::format_date(*min)]),
        Problem::AmountTooLarge { max } => D::PAmountTooLarge.fill(lang, &[&crate::text::format_vnd(*max)]),
        Problem::NextVisitTooFar => D::PNextVisitTooFar.get(lang).into(),
        Problem::SchoolYearTooFar { earliest, latest } => D::PSchoolYearTooFar.fill(
            lang,
            &[
                &crate::domain::SchoolYear(*earliest),
                &crate::domain::SchoolYear(*latest),
            ],
        ),
    }
}

/// "Date of birth: is not a valid date (dd/mm/yyyy)".
pub fn field_error(lang: Lang, e: &FieldError) -> String {
    format!("{}: {}", field(lang, e.field), problem(lang, &e.problem))
}

pub fn factor(lang: Lang, f: RiskFactor) -> &'static str {
    use RiskFactor as F;
    let k = match f {
        F::PoorHousehold => D::RPoor,
        F::NearPoorHousehold => D::RNearPoor,
        F::Orphan => D::ROrphan,
        F::SingleParent => D::RSingleParent,
        F::ParentsWorkingAway => D::RParentsAway,
        F::FrequentAbsence => D::RAbsence,
        F::FallingResults => D::RFalling,
        F::WorksForFamily => D::RWorksFamily,
        F::WorksForOthers => D::RWorksOthers,
        F::SectorAgriculture => D::RAgriculture,
        F::SectorHandicraft => D::RHandicraft,
        F::SectorServices => D::RServices,
        F::SectorFactory => D::RFactory,
        F::LongHours => D::RLongHours,
        F::HazardousWork => D::RHazardous,
        F::SignsOfTrafficking => D::RTrafficking,
        F::DroppedOut => D::RDroppedOut,
    };
    k.get(lang)
}

pub fn level(lang: Lang, l: RiskLevel) -> &'static str {
    match l {
        RiskLevel::None => D::LNone,
        RiskLevel::Low => D::LLow,
        RiskLevel::Medium => D::LMedium,
        RiskLevel::High => D::LHigh,
    }
    .get(lang)
}

pub fn reason(lang: Lang, r: RiskReason) -> String {
    match r {
        RiskReason::SignsOfTrafficking => D::WTrafficking.get(lang).into(),
        RiskReason::HazardousWork => D::WHazardous.get(lang).into(),
        RiskReason::DroppedOut => D::WDroppedOut.get(lang).into(),
        RiskReason::WorkingLongHours => D::WLongHours.get(lang).into(),
        RiskReason::Working => D::WWorking.get(lang).into(),
        RiskReason::Score(s) => D::WScore.fill(lang, &[&s]),
    }
}

/// A pupil's sex as the class list, the pupil's page and the import's preview show it.
pub fn sex(lang: Lang, s: Option<Sex>) -> &'static str {
    match s {
        Some(Sex::Male) => D::SexMale,
        Some(Sex::Female) => D::SexFemale,
        None => D::SexNotGiven,
    }
    .get(lang)
}

pub fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Unscreened => D::SUnscreened,
        Status::NotAtRisk => D::SNotAtRisk,
        Status::AtRisk => D::SAtRisk,
        Status::ChildLabour => D::SChildLabour,
        Status::Trafficked => D::STrafficked,
    }
    .get(lang)
}

pub fn decision(lang: Lang, d: Decision) -> &'static str {
    status(
        lang,
        match d {
            Decision::NotAtRisk => Status::NotAtRisk,
            Decision::AtRisk => Status::AtRisk,
            Decision::ChildLabour => Status::ChildLabour,
            Decision::Trafficked => Status::Trafficked,
        },
    )
}

pub fn sector(lang: Lang, s: Sector) -> &'static str {
    match s {
        Sector::Agriculture => D::SecAgriculture,
        Sector::Handicraft => D::SecHandicraft,
        Sector::Services => D::SecServices,
        Sector::Factory => D::SecFactory,
        Sector::Other => D::SecOther,
    }
    .get(lang)
}

pub fn support_type(lang: Lang, t: SupportType) -> &'static str {
    match t {
        SupportType::Scholarship => D::TScholarship,
        SupportType::TuitionExemption => D::TTuition,
        SupportType::BooksSupplies => D::TBooks,
        SupportType::Meals => D::TMeals,
        SupportType::VocationalReferral => D::TVocational,
        SupportType::SocialServicesReferral => D::TSocial,
        SupportType::Hotline111 => D::THotline,
        SupportType::Counselling => D::TCounselling,
        SupportType::ReturnToSchool => D::TReturn,
        SupportType::Other => D::TOther,
    }
    .get(lang)
}

pub fn support_status(lang: Lang, s: SupportStatus) -> &'static str {
    match s {
        SupportStatus::Planned => D::UPlanned,
        SupportStatus::Referred => D::UReferred,
        SupportStatus::Delivered => D::UDelivered,
        SupportStatus::Declined => D::UDeclined,
    }
    .get(lang)
}

pub fn stage(lang: Lang, s: Stage) -> &'static str {
    match s {
        Stage::Identified => D::GIdentified,
        Stage::Intervening => D::GIntervening,
        Stage::Monitoring => D::GMonitoring,
        Stage::Closed => D::GClosed,
    }
    .get(lang)
}

pub fn close_reason(lang: Lang, r: CloseReason) -> &'static str {
    match r {
        CloseReason::NoLongerAtRisk => D::CNoLonger,
        CloseReason::MovedSchool => D::CMoved,
        CloseReason::FinishedSchool => D::CFinished,
        CloseReason::Other => D::COther,
    }
    .get(lang)
}

pub fn audience(lang: Lang, a: Audience) -> &'static str {
    match a {
        Audience::Parents => D::APParents,
        Audience::Students => D::APStudents,
        Audience::Both => D::APBoth,
    }
    .get(lang)
}

/// Why a case can't move, in a sentence that names the stages: "Không thể chuyển hồ sơ từ
/// «Đã đóng» sang «Đang theo dõi»: hồ sơ đã đóng chỉ có thể mở lại."
pub fn move_error(lang: Lang, e: &MoveError) -> String {
    match *e {
        MoveError::NotAllowed { from, to } => {
            // The stages a case may go to are named from the labels, so they never drift.
            let two = |key: D, a: Stage, b: Stage| key.fill(lang, &[&stage(lang, a), &stage(lang, b)]);
            let why = match from {
                _ if from == to => D::MSameStage.get(lang).to_string(),
                Stage::Identified => two(D::MFromIdentified, Stage::Intervening, Stage::Closed),
                Stage::Intervening => two(D::MFromIntervening, Stage::Monitoring, Stage::Closed),
                Stage::Monitoring => two(D::MFromMonitoring, Stage::Intervening, Stage::Closed),
                Stage::Closed => D::MFromClosed.get(lang).to_string(),
            };
            D::MNotAllowed.fill(lang, &[&stage(lang, from), &stage(lang, to), &why])
        }
        MoveError::NeedsReason => D::MNeedsReason.get(lang).into(),
        MoveError::BeforeCurrentStage { since } => D::MBeforeStage.fill(lang, &[&crate::text::format_date(since)]),
        MoveError::InFuture => D::MInFuture.get(lang).into(),
        MoveError::NoIntervention => D::MNoIntervention.get(lang).into(),
        MoveError::NotIdentified => D::MNotIdentified.get(lang).into(),
        MoveError::BeforeScreening { screened_on } => {
            D::MBeforeScreening.fill(lang, &[&crate::text::format_date(screened_on)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Case;
    use chrono::NaiveDate;
    use uuid::Uuid;

    #[test]
    fn a_refused_move_names_both_stages_in_both_languages() {
        let e = MoveError::NotAllowed {
            from: Stage::Closed,
            to: Stage::Monitoring,
        };
        assert_eq!(
            move_error(Lang::Vi, &e),
            "Không thể chuyển hồ sơ từ «Đã đóng» sang «Đang theo dõi»: hồ sơ đã đóng chỉ có thể mở lại."
        );
        assert_eq!(
            move_error(Lang::En, &e),
            "Cannot move the case from “Closed” to “Monitoring”: a closed case can only be re-opened."
        );
        let e = MoveError::NotAllowed {
            from: Stage::Identified,
            to: Stage::Monitoring,
        };
        assert_eq!(
            move_error(Lang::Vi, &e),
            "Không thể chuyển hồ sơ từ «Đã phát hiện» sang «Đang theo dõi»: hồ sơ mới phát hiện chỉ có thể \
             chuyển sang «Đang can thiệp» hoặc «Đã đóng»."
        );
        assert_eq!(
            move_error(Lang::En, &e),
            "Cannot move the case from “Identified” to “Monitoring”: a newly identified case can only move to \
             “Intervening” or “Closed”."
        );
    }

    #[test]
    fn every_refusal_of_the_workflow_is_worded() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut case = Case::new(Uuid::from_u128(1), NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        for from in Stage::ALL {
            case.stage = from;
            for to in Stage::ALL {
                let Err(e) = case.move_to(to, today, Some(CloseReason::Other), Some(today), today) else {
                    continue;
                };
                for lang in [Lang::Vi, Lang::En] {
                    let text = move_error(lang, &e);
                    assert!(text.contains(stage(lang, from)), "{text}");
                    assert!(text.contains(stage(lang, to)), "{text}");
                    assert!(!text.contains('{'), "{text}");
                }
            }
        }
        let since = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        let before = MoveError::BeforeCurrentStage { since };
        assert!(move_error(Lang::Vi, &before).contains("05/10/2026"));
        assert!(move_error(Lang::En, &before).contains("05/10/2026"));
        assert_eq!(
            move_error(Lang::Vi, &MoveError::NeedsReason),
            "Cần chọn lý do để đóng hồ sơ."
        );
        assert_eq!(
            move_error(Lang::En, &MoveError::InFuture),
            "The date of the move cannot be after today."
        );
        assert_eq!(
            move_error(Lang::Vi, &MoveError::NoIntervention),
            "Chưa có can thiệp nào: hãy ghi một lần thăm nhà có thỏa thuận hoặc một hỗ trợ đã chuyển gửi/đã nhận."
        );
        assert_eq!(
            move_error(Lang::En, &MoveError::NoIntervention),
            "No intervention yet: record a home visit with an agreement, or a support referred or delivered."
        );
    }

    #[test]
    fn the_new_problems_are_worded_with_their_limits() {
        let min = crate::domain::validation::EARLIEST_DATE;
        assert_eq!(
            problem(Lang::Vi, &Problem::TooEarly { min }),
            "không được trước ngày 01/01/2000"
        );
        assert_eq!(
            problem(Lang::En, &Problem::TooEarly { min }),
            "cannot be before 01/01/2000"
        );
        let max = crate::domain::MAX_AMOUNT_VND;
        assert_eq!(
            problem(Lang::Vi, &Problem::AmountTooLarge { max }),
            "không được lớn hơn 10.000.000.000 ₫"
        );
        assert_eq!(
            problem(Lang::En, &Problem::AmountTooLarge { max }),
            "cannot be more than 10.000.000.000 ₫"
        );
        assert_eq!(
            problem(Lang::Vi, &Problem::NextVisitTooFar),
            "phải trong vòng một năm sau ngày thăm"
        );
        let far = Problem::SchoolYearTooFar {
            earliest: 2025,
            latest: 2027,
        };
        assert_eq!(
            problem(Lang::Vi, &far),
            "phải từ 2025-2026 đến 2027-2028, không cách năm học này quá một năm"
        );
        assert_eq!(
            problem(Lang::En, &far),
            "must be from 2025-2026 to 2027-2028, at most a year from this one"
        );
    }
}
