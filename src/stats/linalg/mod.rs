//! Dense linear algebra on small and tall matrices, written on plain
//! buffers (no LAPACK): the one home of the crate's factorisations.
//!
//! - least squares by pivoted Householder QR with iterative refinement
//!   ([`Qr`], [`lstsq`]), and its blocked form for tall designs ([`tsqr`]);
//!   plain Householder least squares for the SARIMA starting values (kept
//!   apart: it fixes their last bits, see `householder.rs`);
//! - Cholesky `A = L Lᵀ` of positive (semi-)definite matrices and the
//!   inverse it gives ([`cholesky`], [`cholesky_semidefinite`],
//!   [`spd_inverse`]);
//! - Gaussian elimination with partial pivoting for general square systems
//!   and inverses ([`inverse`]);
//! - eigenvalues of a symmetric matrix by Jacobi rotations (for condition
//!   numbers).
//!
//! ```
//! use colcrime::stats::linalg::{lstsq, spd_inverse};
//! let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
//! let (b, qr) = lstsq(&x, &[1.0, 3.0, 5.0]).unwrap();
//! assert!((b[1] - 2.0).abs() < 1e-14);
//! // (XᵀX)⁻¹ from the QR equals the inverse of XᵀX.
//! let direct = spd_inverse(&x.t().dot(&x)).unwrap();
//! assert!((qr.xtx_inv().unwrap()[[1, 1]] - direct[[1, 1]]).abs() < 1e-14);
//! ```

mod cholesky;
mod eigen;
mod householder;
mod lu;
mod qr;
pub mod tsqr;
mod vector;

pub use cholesky::{cholesky, cholesky_semidefinite, spd_inverse};
pub(crate) use eigen::sym_eigenvalues;
pub(crate) use householder::lstsq_unpivoted;
pub use lu::inverse;
#[cfg(test)]
pub(crate) use lu::solve_dense;
pub use qr::{Qr, lstsq, matvec, residuals};
pub(crate) use qr::{REFINE_ABOVE_CONDITION, REFINE_ALWAYS_CELLS};
