use colcrime::models::linalg::*;
use std::time::Instant;
fn main() {
    let n = 1_000_000;
    let k = 6;
    let mut x = ndarray::Array2::<f64>::zeros((n, k));
    let mut s: u64 = 1;
    let mut y = vec![0.0; n];
    for i in 0..n {
        x[[i, 0]] = 1.0;
        for j in 1..k {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x[[i, j]] = (s >> 11) as f64 / (1u64 << 53) as f64;
        }
        y[i] = x[[i, 1]] + (i % 7) as f64;
    }
    let t = Instant::now();
    let qr = Qr::new(&x).unwrap();
    println!("qr {:?}", t.elapsed());
    let t = Instant::now();
    let b = qr.solve(&x, &y).unwrap();
    println!("solve {:?}", t.elapsed());
    let t = Instant::now();
    let _ = qr.xtx_inv().unwrap();
    println!("inv {:?}", t.elapsed());
    let t = Instant::now();
    let _ = matvec(&x, &b);
    println!("matvec {:?}", t.elapsed());
    let t = Instant::now();
    let r = colcrime::models::ols::OlsParams::new()
        .fit_xy(&x, &y, (0..k).map(|j| format!("x{j}")).collect())
        .unwrap();
    println!("fit_xy {:?} {}", t.elapsed(), r.params[1]);
}
