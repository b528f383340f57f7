ALTER TABLE `requests` ADD `search_text` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `requests_groups_idx` ON `requests` (`status`,`allocation_party`,`due_on`,`allocation_status`,`agreement_id`,`received_on`,`search_text`,`id`);--> statement-breakpoint
CREATE INDEX `requests_pending_idx` ON `requests` (`agreement_id`) WHERE "requests"."preemption" is not null;--> statement-breakpoint
CREATE INDEX `request_rights_right_idx` ON `request_rights` (`right`,`request_id`);