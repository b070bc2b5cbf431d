//! Names of the domain's fields, problems, factors and statuses.

use crate::domain::{Decision, Field, FieldError, Problem, RiskFactor, RiskLevel, RiskReason, Status};
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

    PRequired => "không được để trống", "is required";
    PTooLong => "dài quá {0} ký tự", "is longer than {0} characters";
    PControl => "có ký tự điều khiển không hợp lệ", "contains a control character";
    PNotADate => "không phải ngày hợp lệ (dd/mm/yyyy)", "is not a valid date (dd/mm/yyyy)";
    PInFuture => "không được sau ngày hôm nay", "cannot be after today";
    PBirth => "không hợp lý cho một học sinh", "is not plausible for a pupil";
    PPhone => "không giống số điện thoại Việt Nam", "does not look like a Vietnamese phone number";
    PSchoolYear => "phải có dạng 2026-2027", "must look like 2026-2027";
    PSex => "phải là Nam hoặc Nữ", "must be male or female";
    PLanguage => "phải là vi hoặc en", "must be vi or en";

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
