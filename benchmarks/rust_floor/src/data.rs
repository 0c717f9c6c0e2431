//! The rows of W1 and W2, built from the same formulas as `benchmarks/bench/data.py`.

use async_graphql::{Object, SimpleObject};

pub const CELLS_PER_ROW: usize = 5;

/// W1: a cell whose value is stored.
#[derive(SimpleObject)]
pub struct Cell {
    pub value: String,
}

/// W1: three ints and five stored cells.
#[derive(SimpleObject)]
pub struct Row {
    pub a: i32,
    pub b: i32,
    pub c: i32,
    pub cells: Vec<Cell>,
}

/// W2: a cell whose value a resolver computes from a hidden int.
pub struct ComputedCell {
    pub j: usize,
}

#[Object]
impl ComputedCell {
    async fn value(&self) -> String {
        cell_text(self.j)
    }
}

/// W2: an int and five computed cells.
#[derive(SimpleObject)]
pub struct ComputedRow {
    pub a: i32,
    pub cells: Vec<ComputedCell>,
}

/// What the root resolvers serve; only the current workload's part is filled.
#[derive(Default)]
pub struct Store {
    pub rows: Vec<Row>,
    pub computed_rows: Vec<ComputedRow>,
}

pub fn cell_text(j: usize) -> String {
    format!("Cell {j}")
}

pub fn build_rows(count: usize) -> Vec<Row> {
    (0..count)
        .map(|i| Row {
            a: i as i32,
            b: 2 * i as i32,
            c: 3 * i as i32,
            cells: (0..CELLS_PER_ROW)
                .map(|k| Cell {
                    value: cell_text(i * CELLS_PER_ROW + k),
                })
                .collect(),
        })
        .collect()
}

pub fn build_computed_rows(count: usize) -> Vec<ComputedRow> {
    (0..count)
        .map(|i| ComputedRow {
            a: i as i32,
            cells: (0..CELLS_PER_ROW)
                .map(|k| ComputedCell {
                    j: i * CELLS_PER_ROW + k,
                })
                .collect(),
        })
        .collect()
}
