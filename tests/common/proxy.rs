//! A TCP proxy in front of the emulator that can be taken down and brought
//! back on the same port: an endpoint that disappears (connections refused,
//! open ones cut) and returns.

use std::io::copy;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

pub struct Proxy {
    pub url: String,
    addr: SocketAddr,
    target: SocketAddr,
    stop: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    accepting: Option<JoinHandle<()>>,
}

impl Proxy {
    /// A proxy to `target_url` (`http://127.0.0.1:PORT`), up.
    pub fn start(target_url: &str) -> Proxy {
        let target = target_url
            .trim_start_matches("http://")
            .parse()
            .expect("an http://IP:PORT url");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let mut proxy = Proxy {
            url: format!("http://{addr}"),
            addr,
            target,
            stop: Arc::new(AtomicBool::new(false)),
            open: Arc::new(Mutex::new(Vec::new())),
            accepting: None,
        };
        proxy.serve(listener);
        proxy
    }

    /// Stop listening (new connections are refused) and cut open ones.
    pub fn down(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr); // wake the accept loop
        if let Some(thread) = self.accepting.take() {
            thread.join().unwrap();
        }
        for stream in self.open.lock().unwrap().drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }

    /// Listen again on the same port.
    pub fn up(&mut self) {
        let listener = TcpListener::bind(self.addr).expect("the proxy's port is free again");
        self.stop.store(false, Ordering::SeqCst);
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        let (stop, open, target) = (self.stop.clone(), self.open.clone(), self.target);
        self.accepting = Some(std::thread::spawn(move || {
            for client in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else {
                    continue;
                };
                let mut list = open.lock().unwrap();
                list.push(client.try_clone().unwrap());
                list.push(server.try_clone().unwrap());
                drop(list);
                pipe(client.try_clone().unwrap(), server.try_clone().unwrap());
                pipe(server, client);
            }
        }));
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.down();
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let _ = copy(&mut from, &mut to);
        let _ = to.shutdown(Shutdown::Write);
    });
}
