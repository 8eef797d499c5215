import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { WebClient } from '@slack/web-api';

/**
 * Shares a file from disk in a conversation through Slack's external upload
 * (files.getUploadURLExternal → the bytes to the upload URL →
 * files.completeUploadExternal). Unlike filesUploadV2, which reads the whole
 * file into memory first, the bytes are streamed from disk.
 */
export async function shareFileFromDisk(client: WebClient, file: { path: string; filename: string; title: string; channelId: string; comment?: string }): Promise<string> {
  const { size } = await stat(file.path);
  const target = await client.files.getUploadURLExternal({ filename: file.filename, length: size });
  if (!target.upload_url || !target.file_id) throw new Error('Slack gave no upload URL');
  const response = await fetch(target.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    body: createReadStream(file.path) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  if (!response.ok) throw new Error(`the file upload answered ${response.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: file.title }],
    channel_id: file.channelId,
    ...(file.comment ? { initial_comment: file.comment } : {}),
  });
  return target.file_id;
}
