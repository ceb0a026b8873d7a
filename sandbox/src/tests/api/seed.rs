//! The shipped seed: parses, and has what the fact sheet and the tests rely on.

use serde_json::Value;

use crate::Seed;

const INFO_FIELDS: [&str; 24] = [
    "UserId",
    "TenantId",
    "StateId",
    "StateName",
    "BuildingId",
    "AuthenticationType",
    "DisplayName",
    "FirstName",
    "LastName",
    "Email",
    "LoginId",
    "ImagePath",
    "LanguageId",
    "Language",
    "DefaultTimeFormat",
    "Profile",
    "ProfileId",
    "Tenant",
    "Building",
    "Role",
    "Role_Level",
    "LastAccessTime",
    "OrgId",
    "SourcedId",
];

const CLASS_FIELDS: [&str; 11] = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "classCode",
    "classType",
    "location",
    "grades",
    "subjects",
    "course",
    "school",
];

#[test]
fn default_seed_parses_and_every_user_has_the_documented_fields() {
    let seed = Seed::default_seed();
    assert_eq!(seed.client_id(), "demo-portal");
    assert_eq!(
        seed.redirect_uris(),
        ["http://localhost:8080/", "http://127.0.0.1:8080/"]
    );
    assert_eq!(
        seed.user_logins(),
        [
            "reading.student",
            "mateo.alvarez",
            "no.oneroster",
            "ms.rivera",
            "script.test"
        ]
    );
    for login in seed.user_logins() {
        let info = seed.user_info(&login).expect("info");
        for field in INFO_FIELDS {
            assert!(info.get(field).is_some(), "{login}: {field}");
        }
        for class in seed.user_classes(&login) {
            for field in CLASS_FIELDS {
                assert!(class.get(field).is_some(), "{login}: class {field}");
            }
            let status = class["status"].as_str().expect("status");
            assert!(status == "active" || status == "tobedeleted");
            let class_type = class["classType"].as_str().expect("classType");
            assert!(class_type == "homeroom" || class_type == "scheduled");
        }
    }
}

#[test]
fn the_seed_users_have_their_quirks() {
    let seed = Seed::default_seed();
    let reading = seed.user_info("reading.student").expect("user");
    assert_eq!(reading["DisplayName"], "Reading Student");
    assert_eq!(reading["SourcedId"], "4801508017");
    assert_eq!(reading["Role"], "Student");
    assert_eq!(reading["Role_Level"], 4);
    assert_eq!(reading["Language"], "en");
    assert_eq!(reading["OrgId"], serde_json::json!(["5678"]));
    assert!(reading.get("or_email").is_some());
    let classes = seed.user_classes("reading.student");
    assert_eq!(classes.len(), 7);
    assert_eq!(
        classes
            .iter()
            .filter(|c| c["classType"] == "homeroom")
            .count(),
        1
    );
    assert_eq!(
        classes
            .iter()
            .filter(|c| c["status"] == "tobedeleted")
            .count(),
        1
    );
    assert!(classes.iter().any(|c| c["enabledUser"] == "true"));

    let mateo = seed.user_info("mateo.alvarez").expect("user");
    assert_eq!(mateo["DisplayName"], "Mateo Álvarez");
    assert_eq!(mateo["Language"], "es");
    assert!(mateo["OrgId"].is_string());
    assert_eq!(seed.user_classes("mateo.alvarez").len(), 5);

    assert_eq!(
        seed.user_info("no.oneroster").expect("user")["SourcedId"],
        ""
    );
    assert!(seed.user_classes("no.oneroster").is_empty());

    let rivera = seed.user_info("ms.rivera").expect("user");
    assert_eq!(
        (rivera["Role"].as_str(), rivera["Role_Level"].as_u64()),
        (Some("Teacher"), Some(3))
    );
    let classes = seed.user_classes("ms.rivera");
    assert_eq!(classes.len(), 230);
    let titles: std::collections::HashSet<&str> =
        classes.iter().filter_map(|c| c["title"].as_str()).collect();
    assert!(titles.len() > 100, "titles vary");

    let script = seed.user_info("script.test").expect("user");
    assert_eq!(
        script["DisplayName"],
        "<script>alert(\"x\")</script> Zoë Łukasiewicz 李小龍 مرحبا"
    );
    assert_eq!(script["ImagePath"], "");
    assert!(seed
        .user_classes("script.test")
        .iter()
        .any(|c| c["title"] == "<img src=x onerror=alert(1)>Art"));

    assert!(seed.user_info("nobody").is_none());
    assert!(seed.user_classes("nobody").is_empty());
}

#[test]
fn bad_seeds_are_refused_with_a_reason() {
    let good: Value = serde_json::from_str(include_str!("../../../seed.json")).expect("json");
    let mutate = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        Seed::from_json(&v.to_string())
    };
    assert!(mutate(&|_| {}).is_ok());
    assert!(mutate(&|v| v["users"] = serde_json::json!([])).is_err());
    assert!(mutate(&|v| v["users"][1]["login"] = "reading.student".into()).is_err());
    assert!(mutate(&|v| v["users"][0]["login"] = "bad login".into()).is_err());
    assert!(mutate(&|v| v["users"][0]["info"] = "x".into()).is_err());
    assert!(mutate(&|v| v["users"][1]["info"]["SourcedId"] = "4801508017".into()).is_err());
    assert!(mutate(&|v| v["client"]["client_id"] = "".into()).is_err());
    assert!(mutate(&|v| v["surprise"] = 1.into()).is_err());
    assert!(Seed::from_json("{").is_err());
    assert!(Seed::from_path("/definitely/not/here.json").is_err());
}
