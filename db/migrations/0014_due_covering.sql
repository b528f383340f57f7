DROP INDEX `requests_due_idx`;--> statement-breakpoint
CREATE INDEX `requests_due_idx` ON `requests` (`due_on`,`reference`,`status`,`allocation_party`);