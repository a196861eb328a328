pub use medzk_circuits as circuits;
pub use medzk_records as records;
