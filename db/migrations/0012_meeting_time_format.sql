ALTER TABLE `meetings` ADD `time` text;--> statement-breakpoint
ALTER TABLE `meetings` ADD `format` text;