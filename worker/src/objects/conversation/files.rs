//! Files in the conversation (issue 23): the edge asks whether an upload may
//! go on and where it is kept (R2), tells once it is there, and asks before
//! a download. Only the conversation's visitor (their key, on a site the
//! channel allowed) and operators of its channel are answered; anyone else
//! learns nothing, not even that the file exists.

use switchboard_core::ids::FileId;
use switchboard_core::limits::MAX_FILES_PER_CONVERSATION;

use super::*;
use crate::rpc::conversation::{FileAsk, FileCaller, FileFound, FilePermit, FileStored};

/// The file uploaded here under `id`, if any.
pub(super) fn file_row(sql: &SqlStorage, id: &str) -> AppResult<Option<File>> {
    #[derive(Deserialize)]
    struct Row {
        id: String,
        name: String,
        content_type: String,
        size: i64,
    }
    let rows: Vec<Row> = sql
        .exec("SELECT id, name, content_type, size FROM files WHERE id = ?", vec![id.into()])?
        .to_array()?;
    Ok(rows.into_iter().next().map(|r| File {
        id: r.id,
        name: r.name,
        content_type: r.content_type,
        size: r.size as u64,
    }))
}

/// A file id a client may choose (see [`FileId`]).
fn valid_id(id: &str) -> bool {
    FileId::parse(id).is_ok()
}

impl ConversationDo {
    /// Whether `caller` is one of the conversation's people.
    fn may_see(&self, caller: &FileCaller) -> AppResult<bool> {
        let kv = self.meta();
        let Some(channel) = kv.load(&keys::CHANNEL)? else { return Ok(false) };
        Ok(match caller {
            FileCaller::Visitor { token, origin } => {
                let origins = kv.load(&keys::ORIGINS)?.unwrap_or_default();
                workspace::site_allowed(&origins, origin) && visitor_key_ok(&kv, token)?
            }
            FileCaller::Operator { channels } => channels.contains(&channel),
        })
    }

    /// Where file `id` is kept: by workspace and conversation, so a
    /// workspace's or a conversation's files go together.
    fn file_key(&self, id: &str) -> AppResult<String> {
        let kv = self.meta();
        let (workspace, conversation) = (kv.need(&keys::WORKSPACE)?, kv.need(&keys::ID)?);
        Ok(format!("{}{id}", internal::files_prefix(&workspace, &conversation)))
    }

    pub(super) fn permit(&self, ask: FileAsk) -> AppResult<FilePermit> {
        if !valid_id(&ask.id) {
            return Err(AppError::BadRequest("A file id is letters, digits, - and _.".into()));
        }
        if !self.may_see(&ask.caller)? {
            return Err(AppError::NotFound);
        }
        let existing = file_row(&self.sql(), &ask.id)?;
        if existing.is_none() {
            if self.meta().has(&keys::CLOSED)? {
                return Err(AppError::Conflict("This conversation has ended.".into()));
            }
            #[derive(Deserialize)]
            struct Count {
                n: i64,
            }
            let count: Count = self.sql().exec("SELECT count(*) AS n FROM files", None)?.one()?;
            if count.n as usize >= MAX_FILES_PER_CONVERSATION {
                return Err(AppError::Conflict(format!(
                    "A conversation holds at most {MAX_FILES_PER_CONVERSATION} files."
                )));
            }
        }
        // Started before channels said: the defaults.
        let limits = self.meta().load(&keys::FILE_LIMITS)?.unwrap_or_default();
        Ok(FilePermit { key: self.file_key(&ask.id)?, limits, existing })
    }

    pub(super) fn stored(&self, s: FileStored) -> AppResult<File> {
        if !valid_id(&s.file.id) || !self.may_see(&s.caller)? {
            return Err(AppError::NotFound);
        }
        let f = &s.file;
        self.sql().exec(
            "INSERT INTO files (id, name, content_type, size) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            vec![
                f.id.as_str().into(),
                f.name.as_str().into(),
                f.content_type.as_str().into(),
                (f.size as i64).into(),
            ],
        )?;
        file_row(&self.sql(), &f.id)?.ok_or_else(|| AppError::Internal("a file just stored is gone".into()))
    }

    pub(super) fn read_file(&self, ask: FileAsk) -> AppResult<FileFound> {
        if !valid_id(&ask.id) || !self.may_see(&ask.caller)? {
            return Err(AppError::NotFound);
        }
        let file = file_row(&self.sql(), &ask.id)?.ok_or(AppError::NotFound)?;
        Ok(FileFound { key: self.file_key(&file.id)?, file })
    }
}
