//! The demo data, in one place: with `DEMO_SEED=true` (`cargo xtask dev`
//! and `test`) the workspace [`DEMO_WORKSPACE`] seeds itself with these
//! operators and this channel, and the directory knows their logins.

pub const DEMO_WORKSPACE: &str = "demo";
/// The demo operators: (login, full name, online chat name, password, admin).
pub const DEMO_OPERATORS: [(&str, &str, &str, &str, bool); 2] = [
    ("mitchell", "Mitchell Admin", "Mitchell", "demo-mitchell", true),
    ("marc", "Marc Demo", "", "demo-marc", false),
];
/// The demo channel: (id, name, welcome message).
pub const DEMO_CHANNEL: (&str, &str, &str) =
    ("demo", "Website support", "Hello! Ask us anything about your order.");
