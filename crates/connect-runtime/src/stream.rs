//! [`ByteStream`]: the body of a `@streaming` blob, sent from memory, a file or any stream, and
//! received as a stream the caller reads (never held whole by the SDK).

use bytes::Bytes;
use futures_util::stream::{Stream, StreamExt};
use std::fmt;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

/// An error while reading a stream: the connection broke, the file could not be read, or the
/// caller's stream failed.
pub type StreamError = Box<dyn std::error::Error + Send + Sync>;

/// A body as the chunks it is read in, as an [`HttpClient`](crate::HttpClient) sends it.
pub type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// A stream of bytes: a `@streaming` blob's body.
///
/// Built from bytes, a file (`ByteStream::from_path`, with the `streaming` feature) or a stream of chunks
/// ([`ByteStream::from_stream`]). Bytes and files can be sent again when a request is retried;
/// a stream can be sent once, so a call whose attempt fails after it started reading the stream
/// is not retried.
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    #[cfg(feature = "streaming")]
    File {
        path: std::path::PathBuf,
        length: u64,
    },
    /// Taken by the first attempt that sends it; its length, if the caller gave it.
    Once(Mutex<Option<Chunks>>, Option<u64>),
}

impl ByteStream {
    /// An empty stream.
    pub fn new() -> Self {
        Self::from(Bytes::new())
    }

    /// A stream of the chunks `stream` yields.
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<StreamError>,
    {
        let chunks = stream.map(|chunk| chunk.map(Into::into).map_err(Into::into));
        Self {
            inner: Inner::Once(Mutex::new(Some(Box::pin(chunks))), None),
        }
    }

    /// The same stream, declared `length` bytes long: it is sent with a `Content-Length`
    /// rather than in chunks, as most AWS services ask. A stream that then yields another
    /// number of bytes fails the request.
    pub fn with_content_length(mut self, length: u64) -> Self {
        if let Inner::Once(_, declared) = &mut self.inner {
            *declared = Some(length);
        }
        self
    }

    /// The contents of the file at `path`, read as the request is sent (again for each retry).
    #[cfg(feature = "streaming")]
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref().to_path_buf();
        let length = tokio::fs::metadata(&path).await?.len();
        Ok(Self {
            inner: Inner::File { path, length },
        })
    }

    /// The number of bytes, when it is known before reading.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes.len() as u64),
            #[cfg(feature = "streaming")]
            Inner::File { length, .. } => Some(*length),
            Inner::Once(_, length) => *length,
        }
    }

    /// The bytes, when the stream is held in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Another stream of the same bytes, for one attempt of a request: bytes and files can be
    /// sent any number of times, a caller's stream once (`None` after that).
    pub fn try_clone(&self) -> Option<ByteStream> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(Self::from(bytes.clone())),
            #[cfg(feature = "streaming")]
            Inner::File { path, length } => Some(Self {
                inner: Inner::File {
                    path: path.clone(),
                    length: *length,
                },
            }),
            Inner::Once(chunks, length) => {
                let taken = chunks.lock().ok()?.take()?;
                Some(Self {
                    inner: Inner::Once(Mutex::new(Some(taken)), *length),
                })
            }
        }
    }

    /// Whether the stream is a file, whose bytes can be read twice: once to sign them, once
    /// to send them.
    #[cfg(feature = "streaming")]
    pub(crate) fn file(&self) -> Option<&std::path::Path> {
        match &self.inner {
            Inner::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The stream as chunks, for an [`HttpClient`](crate::HttpClient) to send: a stream that an
    /// earlier attempt sent already yields an error rather than nothing.
    pub fn into_chunks(self) -> Chunks {
        match self.inner {
            Inner::Bytes(bytes) if bytes.is_empty() => Box::pin(futures_util::stream::empty()),
            Inner::Bytes(bytes) => Box::pin(futures_util::stream::once(async { Ok(bytes) })),
            #[cfg(feature = "streaming")]
            Inner::File { path, .. } => file_chunks(path),
            Inner::Once(chunks, _) => match chunks.into_inner().ok().flatten() {
                Some(chunks) => chunks,
                None => Box::pin(futures_util::stream::once(async {
                    Err("the stream was already sent by an earlier attempt".into())
                })),
            },
        }
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        StreamExt::next(self).await
    }

    /// Reads the whole stream into memory.
    pub async fn collect(self) -> Result<Vec<u8>, StreamError> {
        let mut chunks = self.into_chunks();
        let mut out = Vec::new();
        while let Some(chunk) = chunks.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if !matches!(self.inner, Inner::Once(..)) {
            // Bytes and files become a stream of chunks the first time they are read.
            let taken = std::mem::take(&mut *self);
            let length = taken.content_length();
            self.inner = Inner::Once(Mutex::new(Some(taken.into_chunks())), length);
        }
        let Inner::Once(chunks, _) = &mut self.inner else {
            return Poll::Ready(None);
        };
        match chunks.get_mut() {
            Ok(Some(chunks)) => chunks.as_mut().poll_next(cx),
            _ => Poll::Ready(None),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        Self {
            inner: Inner::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::from(Bytes::from(text))
    }
}

/// The kind and size only: a body may hold secrets.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => write!(f, "ByteStream({} bytes)", bytes.len()),
            #[cfg(feature = "streaming")]
            Inner::File { path, length } => {
                write!(f, "ByteStream(file {}, {length} bytes)", path.display())
            }
            Inner::Once(_, None) => f.write_str("ByteStream(stream)"),
            Inner::Once(_, Some(length)) => write!(f, "ByteStream(stream, {length} bytes)"),
        }
    }
}

/// Two streams are equal when both are the same bytes in memory (for tests of built values).
impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        matches!((self.bytes(), other.bytes()), (Some(a), Some(b)) if a == b)
    }
}

/// The chunks of the file at `path`, read 64 KiB at a time.
#[cfg(feature = "streaming")]
fn file_chunks(path: std::path::PathBuf) -> Chunks {
    use tokio::io::AsyncRead;
    const CHUNK: usize = 64 * 1024;
    let opened = async move { tokio::fs::File::open(path).await };
    let state = (None::<tokio::fs::File>, Some(opened));
    Box::pin(futures_util::stream::unfold(
        state,
        |(mut file, opening)| async move {
            if let Some(opening) = opening {
                match opening.await {
                    Ok(opened) => file = Some(opened),
                    Err(error) => return Some((Err(error.into()), (None, None))),
                }
            }
            let mut handle = file?;
            let mut buffer = vec![0u8; CHUNK];
            let mut read = tokio::io::ReadBuf::new(&mut buffer);
            let result =
                std::future::poll_fn(|cx| Pin::new(&mut handle).poll_read(cx, &mut read)).await;
            let filled = read.filled().len();
            match result {
                Err(error) => Some((Err(error.into()), (None, None))),
                Ok(()) if filled == 0 => None,
                Ok(()) => {
                    buffer.truncate(filled);
                    Some((Ok(Bytes::from(buffer)), (Some(handle), None)))
                }
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bytes_can_be_sent_again_and_streams_once() {
        let bytes = ByteStream::from(b"hello".to_vec());
        assert_eq!(bytes.content_length(), Some(5));
        for _ in 0..2 {
            let again = bytes.try_clone().unwrap();
            assert_eq!(again.collect().await.unwrap(), b"hello");
        }
        let chunks =
            futures_util::stream::iter([Ok::<_, StreamError>(b"a".to_vec()), Ok(b"b".to_vec())]);
        let stream = ByteStream::from_stream(chunks);
        assert_eq!(stream.content_length(), None);
        let first = stream.try_clone().unwrap();
        assert!(
            stream.try_clone().is_none(),
            "a caller's stream is sent once"
        );
        assert_eq!(first.collect().await.unwrap(), b"ab");
        assert_eq!(
            format!("{:?}", ByteStream::from(b"secret".to_vec())),
            "ByteStream(6 bytes)"
        );
    }

    #[tokio::test]
    async fn a_failing_stream_reports_its_error() {
        let chunks = futures_util::stream::iter([
            Ok(Bytes::from_static(b"a")),
            Err::<Bytes, StreamError>("broken".into()),
        ]);
        let error = ByteStream::from_stream(chunks).collect().await.unwrap_err();
        assert_eq!(error.to_string(), "broken");
        let mut stream = ByteStream::from(b"xy".to_vec());
        assert_eq!(
            stream.next().await.unwrap().unwrap(),
            Bytes::from_static(b"xy")
        );
        assert!(stream.next().await.is_none());
    }

    #[cfg(feature = "streaming")]
    #[tokio::test]
    async fn files_are_read_in_chunks_for_every_attempt() {
        let dir = std::env::temp_dir().join(format!("bytestream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body.bin");
        let contents: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        std::fs::write(&path, &contents).unwrap();
        let stream = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(stream.content_length(), Some(200_000));
        for _ in 0..2 {
            let attempt = stream.try_clone().unwrap();
            assert_eq!(attempt.collect().await.unwrap(), contents);
        }
        std::fs::remove_dir_all(&dir).unwrap();
        let missing = ByteStream::from_path(dir.join("nope")).await;
        assert!(missing.is_err());
    }
}
