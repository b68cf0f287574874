use super::*;
use crate::engine;
use calamine::{Data, Reader, Xlsx};

/// The Years sheet's limit is Excel's: rust_xlsxwriter (which refuses cells past Excel's last
/// row) takes a year at the limit's row, below the header, and refuses one more.
#[test]
fn the_years_limit_is_excels_last_row() {
    let mut ws = Worksheet::new();
    let last = YEARS_ROW_LIMIT as u32;
    assert!(ws.write_number(last, 0, 1.0).is_ok());
    assert!(ws.write_number(last + 1, 0, 1.0).is_err());
}

/// Past the limit the Years sheet holds the first years and says so, in its header row and in
/// the Summary's notes, while the Summary and the bins count every year.
#[test]
fn years_past_the_limit_are_cut_and_said_so() {
    let text = "[team]\nagents = 2\n[demand]\ncalls_per_agent_hour = 3\n\
                [[outcomes]]\nname = \"save\"\nprobability = 0.1\nvalue_usd = 30\n";
    let s = crate::scenario::parse(text, "t.toml", "t").expect("a valid scenario");
    let records = engine::run(&s, 8, 1, &|_| ());
    let summary = crate::summary::Summary::build(&s, 1, &records);
    let run = RunOutput {
        scenario: &s,
        summary: &summary,
        records: &records,
    };
    let mut book = Book::new();
    let none = Tornado::Without("none".into());
    run_sheets(&mut book, &run, &none, Vec::new(), 5).unwrap();
    let mut bytes = Vec::new();
    book.workbook.save_to_writer(&mut bytes).unwrap();
    let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let years = x.worksheet_range("Years").unwrap();
    assert_eq!(years.end().unwrap().0, 5, "a header and 5 years");
    let head = years.get_value((0, 10 + Metric::for_scenario(&s).len() as u32));
    assert_eq!(head, Some(&Data::String("the first 5 years of 8".into())));
    let summary = x.worksheet_range("Summary").unwrap();
    let notes: Vec<String> = summary
        .rows()
        .filter_map(|r| match &r[0] {
            Data::String(t) if t.starts_with("The Years sheet") => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("first 5 of 8"), "{}", notes[0]);
    let bins = x.worksheet_range("Bins").unwrap();
    let counted: f64 = (2..42)
        .map(|r| match bins.get_value((r, 3)) {
            Some(Data::Float(c)) => *c,
            other => panic!("{other:?}"),
        })
        .sum();
    assert_eq!(counted, 8.0);
}
