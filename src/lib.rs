pub use medzk_circuits as circuits;
