ALTER TABLE `agreements` ADD `processor_clause` text;--> statement-breakpoint
ALTER TABLE `agreements` ADD `joint_arrangement` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `agreements` ADD `processing` text;--> statement-breakpoint
ALTER TABLE `request_rights` ADD `erasure_exception` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `processor_forwarded_on` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `processor_deleted_on` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `processor_deletion_certificate` text;--> statement-breakpoint
ALTER TABLE `suspensions` ADD `doubt` text;